// What the preprocessing layer learns before reading a file: #if arithmetic, the project's files,
// and source encodings.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { conditionTruth, evaluateCondition, type MacroFact } from '../../server/src/parse/conditionExpr';
import { decodeSource, encodeSource, type SourceEncoding } from '../../server/src/workspace/encoding';
import { definesOfCommand, ProjectDefinesFinder, readVcxproj } from '../../server/src/project/projectDefines';

const facts: Record<string, MacroFact> = {
  NTDDI_VERSION: { defined: true, value: '0x06010000' },
  NTDDI_WIN7: { defined: true, value: '0x06010000' },
  NTDDI_WIN8: { defined: true, value: '0x06020000' },
  ALIAS: { defined: true, value: 'NTDDI_WIN8' },
  GONE: { defined: false },
};
const lookup = (n: string) => facts[n];

describe('#if expressions', () => {
  it('evaluates the arithmetic, comparisons and defined() of version checks', () => {
    assert.strictEqual(conditionTruth('(NTDDI_VERSION >= NTDDI_WIN7)', lookup), true);
    assert.strictEqual(conditionTruth('NTDDI_VERSION >= ALIAS', lookup), false);
    assert.strictEqual(conditionTruth('defined(NTDDI_WIN7) && !defined GONE', lookup), true);
    assert.strictEqual(evaluateCondition('(1 << 4) | 0x3 ? 07 : 2', lookup), 7n);
    assert.strictEqual(
      evaluateCondition('0x0A000000UL / 0x100 % 7 - -1', lookup),
      ((0x0a000000n / 0x100n) % 7n) + 1n,
    );
    assert.strictEqual(conditionTruth('GONE', lookup), false, 'a name known not to be a macro is 0');
  });

  it('says "cannot tell" for unknown macros, except where the answer does not depend on them', () => {
    assert.strictEqual(conditionTruth('VENDOR_FEATURE', lookup), undefined);
    assert.strictEqual(conditionTruth('defined(VENDOR_FEATURE)', lookup), undefined);
    assert.strictEqual(conditionTruth('0 && VENDOR_FEATURE', lookup), false);
    assert.strictEqual(conditionTruth('VENDOR_FEATURE || NTDDI_VERSION >= NTDDI_WIN7', lookup), true);
    assert.strictEqual(conditionTruth('VENDOR_CHECK(3)', lookup), undefined);
    for (const bad of ['', '(', '1 +', "'a'", '1 / 0', 'defined(', '1 ? 2'])
      assert.strictEqual(conditionTruth(bad, lookup), undefined, bad);
  });
});

describe('project files', () => {
  it('keeps the definitions every configuration agrees on and the oldest target version', () => {
    const xml = `<Project>
      <PropertyGroup Label="Configuration" Condition="'$(Configuration)'=='Debug'"><TargetVersion>Windows10</TargetVersion></PropertyGroup>
      <PropertyGroup Label="Configuration" Condition="'$(Configuration)'=='Release'"><TargetVersion>Windows7</TargetVersion></PropertyGroup>
      <ItemDefinitionGroup Condition="'$(Configuration)'=='Debug'"><ClCompile>
        <PreprocessorDefinitions>%(PreprocessorDefinitions);NDIS60;BINARY_COMPATIBLE=0;DBG=1;$(ExtraDefines)</PreprocessorDefinitions>
      </ClCompile></ItemDefinitionGroup>
      <ItemDefinitionGroup Condition="'$(Configuration)'=='Release'"><ClCompile>
        <PreprocessorDefinitions>NDIS60;BINARY_COMPATIBLE=0;%(PreprocessorDefinitions)</PreprocessorDefinitions>
      </ClCompile></ItemDefinitionGroup></Project>`;
    const p = readVcxproj(xml, 'drv.vcxproj');
    assert.deepStrictEqual(
      [...p.defines],
      [
        ['NDIS60', '1'],
        ['BINARY_COMPATIBLE', '0'],
      ],
    );
    assert.strictEqual(p.target, 'win7');
    const pinned = readVcxproj(
      '<PreprocessorDefinitions>_WIN32_WINNT=0x0602;X</PreprocessorDefinitions>',
      'x.vcxproj',
    );
    assert.strictEqual(pinned.target, 'win8');
  });

  it('reads -D and /D from compile commands, and finds the nearest project of a file', () => {
    assert.deepStrictEqual(
      [...definesOfCommand(['cl', '/DNDIS630', '-D', 'NTDDI_VERSION=0x0A000000', '-DX="a b"', '/c'])],
      [
        ['NDIS630', '1'],
        ['NTDDI_VERSION', '0x0A000000'],
        ['X', '"a b"'],
      ],
    );
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'wfp-proj-'));
    fs.mkdirSync(path.join(root, 'drv', 'src'), { recursive: true });
    fs.writeFileSync(
      path.join(root, 'drv', 'drv.vcxproj'),
      '<TargetVersion>Windows8</TargetVersion><PreprocessorDefinitions>FROM_PROJECT</PreprocessorDefinitions>',
    );
    fs.writeFileSync(
      path.join(root, 'compile_commands.json'),
      JSON.stringify([
        {
          directory: path.join(root, 'other'),
          file: 'a.c',
          arguments: ['clang', '-DNTDDI_VERSION=0x06010000', 'a.c'],
        },
      ]),
    );
    const finder = new ProjectDefinesFinder([root]);
    const drv = finder.forFile(path.join(root, 'drv', 'src', 'inject.c'));
    assert.deepStrictEqual(
      { target: drv?.target, defines: [...(drv?.defines ?? [])] },
      { target: 'win8', defines: [['FROM_PROJECT', '1']] },
    );
    assert.strictEqual(finder.forFile(path.join(root, 'other', 'a.c'))?.target, 'win7');
    assert.strictEqual(finder.forFile(path.join(root, 'loose.c')), undefined);
  });
});

describe('source encodings', () => {
  const text = 'HANDLE gH; // caf\u00e9 \u4e2d\r\nint x;\n';
  for (const encoding of ['utf8', 'utf8bom', 'utf16le', 'utf16be'] as SourceEncoding[]) {
    it(`reads and writes back ${encoding} byte for byte`, () => {
      const bytes = encodeSource(text, encoding);
      const decoded = decodeSource(bytes);
      assert.deepStrictEqual(decoded, {
        text,
        encoding:
          encoding === 'utf16le' || encoding === 'utf16be' || encoding === 'utf8bom' ? encoding : 'utf8',
      });
      assert.ok(encodeSource(decoded.text, decoded.encoding).equals(bytes));
    });
  }

  it('recognises UTF-16 without a byte order mark, and leaves binary alone', () => {
    const noBom = Buffer.from('#include <fwpsk.h>\nHANDLE gInjectionHandle;\n', 'utf16le');
    assert.strictEqual(decodeSource(noBom).encoding, 'utf16le');
    assert.strictEqual(
      decodeSource(Buffer.from([0, 1, 2, 0, 0, 255, 7, 0, 9, 9, 0, 0, 1, 1, 0, 3, 4])).encoding,
      'utf8',
    );
  });
});
