// Mutations of driver sources for the fuzz tests: the edits a half-finished buffer goes through
// (tokens deleted or inserted, truncation, `#if 0`, unbalanced braces) and junk (random bytes,
// GBK-encoded comments read as Latin-1).
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from './paths';
import type { Random } from './random';

/** Every C/C++ fixture, as [relative name, text]. */
export function fixtureTexts(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(c|cpp|h)$/.test(e.name))
        out.push([path.relative(FIXTURES, p), fs.readFileSync(p, 'utf8')]);
    }
  };
  walk(FIXTURES);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '*',
  '&',
  '->',
  '.',
  '=',
  '==',
  '!',
  '#',
  '\\\n',
  '\n',
  '\r\n',
  '/*',
  '*/',
  '//',
  '"',
  "'",
  '#if 0\n',
  '#endif\n',
  '#else\n',
  '#define X(a) (a)\n',
  'goto Exit;',
  'Exit:',
  'return status;',
  'if (!NT_SUCCESS(status)) ',
  'else ',
  'NULL',
  '0',
  'nbl',
  'status = ',
  'AF_INET6',
  'FwpsInjectNetworkSendAsync0(',
  'FwpsFreeCloneNetBufferList0(nbl, 0);',
  'FwpsAllocateCloneNetBufferList0(',
  'FwpsInjectionHandleCreate0(AF_UNSPEC, FWPS_INJECTION_TYPE_NETWORK, &h);',
  'FwpsInjectTransportSendAsync(',
  'FWPS_LAYER_OUTBOUND_IPPACKET_V4',
  'FWPS_FIELD_INBOUND_TRANSPORT_V4_IP_PROTOCOL',
  'switch (x) { case 1: ',
  'while (1) ',
  'for (;;) ',
  '__try {',
  '} __except (1) {',
  'extern "C" {',
  'namespace n {',
  'template <class T> ',
  '\u4e2d\u6587',
  '\u00e9',
  '\ud83d\ude00',
  '\t',
  '    ',
  // What the preprocessing layer reads: annotations, conventions, conditionals, labels before `}`.
  '_In_ ',
  '_Inout_opt_ ',
  '_IRQL_requires_max_(DISPATCH_LEVEL)\n',
  '_When_(x, _In_reads_(',
  '__drv_freesMem(Mem) ',
  'NTAPI ',
  'FORCEINLINE ',
  'CONST ',
  '__declspec(noinline) ',
  '#if (NTDDI_VERSION >= NTDDI_WIN7)\n',
  '#ifdef VENDOR_X\n',
  '#elif 0\n',
  '#if DBG\n',
  '#define MY_API NTAPI\n',
  '#undef MY_API\n',
  'cleanup:\n',
  '#pragma warning(push)\n',
];

/** One random mutation of `text`. */
export function mutate(text: string, r: Random): string {
  const at = r.int(text.length + 1);
  switch (r.int(10)) {
    case 0: {
      // delete a token-sized or line-sized span
      const len = r.pick([1, 1, 2, 5, 20, 200]);
      return text.slice(0, at) + text.slice(at + len);
    }
    case 1:
    case 2:
      return text.slice(0, at) + r.pick(TOKENS) + text.slice(at);
    case 3:
      return text.slice(0, at);
    case 4: {
      const end = Math.min(text.length, at + r.int(2000));
      return `${text.slice(0, at)}\n#if 0\n${text.slice(at, end)}\n#endif\n${text.slice(end)}`;
    }
    case 5:
      return (
        text.slice(0, at) + r.pick(['{', '}', '{{', '}}}', '(', ')))']).repeat(1 + r.int(3)) + text.slice(at)
      );
    case 6: {
      // GBK-encoded comment (byte pairs 0x80–0xFE) as a Latin-1 reader sees it
      let junk = '/* ';
      for (let i = r.int(40); i >= 0; i--)
        junk += String.fromCharCode(0x81 + r.int(0x7e), 0x80 + r.int(0x7f));
      return `${text.slice(0, at)}${junk} */${text.slice(at)}`;
    }
    case 7: {
      // swap two lines
      const lines = text.split('\n');
      const a = r.int(lines.length);
      const b = r.int(lines.length);
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 8:
      return text.replace(/\r?\n/g, r.pick(['\r\n', '\n', '\r']));
    default: {
      // a few random non-NUL bytes
      let junk = '';
      for (let i = r.int(16); i >= 0; i--) junk += String.fromCharCode(1 + r.int(255));
      return text.slice(0, at) + junk + text.slice(at);
    }
  }
}

/** A fixture with 1–6 mutations applied. */
export function mutatedFixture(fixtures: [string, string][], r: Random): { name: string; text: string } {
  const [name, original] = r.pick(fixtures);
  let text = original;
  for (let n = 1 + r.int(6); n > 0; n--) text = mutate(text, r);
  return { name, text };
}

/** Random text: bytes 1–255, and sometimes NUL. */
export function randomBytes(r: Random, length: number): string {
  let s = '';
  const withNul = r.chance(0.3);
  for (let i = 0; i < length; i++) s += String.fromCharCode(withNul ? r.int(256) : 1 + r.int(255));
  return s;
}

/** A random replacement of a range of `text`, as an LSP-style edit on offsets. */
export function randomEdit(text: string, r: Random): { start: number; end: number; newText: string } {
  const start = r.int(text.length + 1);
  const end = Math.min(text.length, start + (r.chance(0.5) ? 0 : r.pick([1, 1, 3, 10, 80])));
  const newText = r.chance(0.3) ? '' : r.pick(TOKENS) + (r.chance(0.3) ? r.pick(TOKENS) : '');
  return { start, end, newText };
}
