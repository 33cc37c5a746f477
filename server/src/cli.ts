// `wfp-inject check [--format text|json|sarif|msbuild] [--sarif-root DIR] [--fix] [--stats] [--target …] [-D NAME[=value]] [--macro NAME] <paths…>`
// Exit codes: 1 when an error-severity finding is reported, 2 on bad usage, 0 otherwise.
import * as fs from 'fs';
import * as path from 'path';
import { WINDOWS_TARGETS, type WindowsTarget } from './catalog';
import { addFileStats, emptyStats, formatStats } from './analysis/parseStats';
import { fileUri } from './fileUris';
import { formatJson, formatMsbuild, formatText, type Reported } from './cli/report';
import { formatSarif } from './cli/sarif';
import { applyEdits, safeFixEdits } from './rules/fixes';
import { WorkspaceIndex } from './analysis/workspaceIndex';
import { parseSource, type SourceFile } from './parse/document';
import { ProjectEnvironment } from './project/environment';
import { checkFile } from './rules';
import { encodeSource, type SourceEncoding } from './workspace/encoding';
import { parseIntoIndex } from './workspace/indexSource';
import { collectSourceFiles, folderOf } from './workspace/sourceFiles';
import { solutionGrouping } from './workspace/solutions';
import { isIndexed, readSourceText, type SourceText } from './workspace/sourceText';
import { indexUnrelated } from './workspace/unloadRoutines';

declare const PACKAGE_VERSION: string | undefined;

const FORMATS = ['text', 'json', 'sarif', 'msbuild'] as const;

const USAGE =
  `usage: wfp-inject check [--format ${FORMATS.join('|')}] [--sarif-root <folder>] [--fix] [--stats] [--target ${WINDOWS_TARGETS.join('|')}]\n` +
  `                        [-D NAME[=value]]… [--macro NAME|NAME()]… <files or folders…>`;

interface Options {
  format: (typeof FORMATS)[number];
  /** What SARIF artifact URIs are relative to (%SRCROOT%); the current folder by default. */
  sarifRoot: string;
  fix: boolean;
  stats: boolean;
  /** Given on the command line: wins over the project files. */
  target?: WindowsTarget;
  defines: string[];
  macros: string[];
  paths: string[];
}

function parseArgs(argv: string[]): Options | string {
  if (argv[0] !== 'check') return `unknown command ${argv[0] ?? '(none)'}`;
  const opts: Options = {
    format: 'text',
    sarifRoot: process.cwd(),
    fix: false,
    stats: false,
    defines: [],
    macros: [],
    paths: [],
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fix') opts.fix = true;
    else if (a === '--stats') opts.stats = true;
    else if (a === '-D' || a === '--define') opts.defines.push(argv[++i] ?? '');
    else if (a.startsWith('-D') || a.startsWith('--define='))
      opts.defines.push(a.startsWith('-D') ? a.slice(2) : a.slice('--define='.length));
    else if (a === '--macro') opts.macros.push(argv[++i] ?? '');
    else if (a.startsWith('--macro=')) opts.macros.push(a.slice('--macro='.length));
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (!FORMATS.includes(v as Options['format'])) return `bad --format ${v}`;
      opts.format = v as Options['format'];
    } else if (a === '--sarif-root' || a.startsWith('--sarif-root=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (!v) return 'no folder after --sarif-root';
      opts.sarifRoot = v;
    } else if (a === '--target' || a.startsWith('--target=')) {
      const v = (a.includes('=') ? a.split('=')[1] : argv[++i]) as WindowsTarget;
      if (!WINDOWS_TARGETS.includes(v)) return `bad --target ${v}`;
      opts.target = v;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else opts.paths.push(a);
  }
  if (!opts.paths.length) return 'no files or folders given';
  const bad = [
    ...opts.defines.filter((d) => !/^\s*[A-Za-z_]\w*\s*(=.*)?$/.test(d)),
    ...opts.macros.filter((m) => !/^\s*[A-Za-z_]\w*\s*(\(.*\))?\s*$/.test(m)),
  ];
  if (bad.length) return `bad -D or --macro value ${bad[0] || '(empty)'}`;
  return opts;
}

/** Checks one file against its driver's index, applying the safe fixes first with `--fix`. */
async function checkEntry(
  entry: { path: string; file: SourceFile; encoding: SourceEncoding },
  index: WorkspaceIndex,
  project: ProjectEnvironment,
  opts: Options,
  notes: string[],
): Promise<Reported[]> {
  let { file } = entry;
  const { path: p, encoding } = entry;
  const target = project.targetFor(p);
  let findings = checkFile(file, target, index);
  if (opts.fix) {
    const edits = safeFixEdits(file, findings);
    if (edits.length) {
      const text = applyEdits(file.text, edits);
      fs.writeFileSync(p, encodeSource(text, encoding));
      file.dispose();
      file = await parseSource(file.uri, text, undefined, project.envFor(p));
      index.update(file, target);
      findings = checkFile(file, target, index);
      notes.push(`${p}: applied ${edits.length} fix${edits.length === 1 ? '' : 'es'}.`);
    }
  }
  const out = findings.map((f) => {
    const s = file.positionAt(f.start);
    const e = file.positionAt(f.end);
    return {
      file: p,
      line: s.line + 1,
      column: s.character + 1,
      endLine: e.line + 1,
      endColumn: e.character + 1,
      code: f.ruleId,
      severity: f.severity,
      message: f.message,
    };
  });
  file.dispose();
  return out;
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const opts = parseArgs(argv);
  if (typeof opts === 'string') {
    process.stderr.write(`wfp-inject: ${opts}\n${USAGE}\n`);
    return 2;
  }
  const { files, missing } = collectSourceFiles(opts.paths);
  if (missing.length) {
    process.stderr.write(`wfp-inject: no such file or folder: ${missing.join(', ')}\n`);
    return 2;
  }
  const results: Reported[] = [];
  const notes: string[] = [];
  const roots = [process.cwd(), ...opts.paths.map(folderOf)];
  const project = new ProjectEnvironment(roots.map((r) => path.resolve(r)));
  project.setUser({ target: opts.target, defines: opts.defines, macros: opts.macros });
  // Pass 1: read every file and learn the macros the project defines (a header's `#define MY_API
  // NTAPI` applies in the files that include it).
  const sources: (SourceText & { path: string })[] = [];
  const whole = new WorkspaceIndex();
  for (const p of files) {
    const source = readSourceText(p);
    if (!source) throw new Error(`cannot read ${p}`);
    if (source.role === 'skipped') {
      notes.push(`${p}: skipped (${source.skipped}).`);
      continue;
    }
    project.record(path.resolve(p), source.text);
    if (isIndexed(source.role)) sources.push({ path: p, ...source });
    else indexUnrelated(whole, fileUri(path.resolve(p)), source.text);
  }
  // Pass 2: index every file once (a handle created in one file is used in another); keep the
  // trees of files that can have findings, drop the rest.
  const toCheck = new Map<string, { path: string; file: SourceFile; encoding: SourceEncoding }>();
  const stats = emptyStats();
  const rawStats = emptyStats();
  for (const { path: p, text, encoding, role } of sources) {
    const uri = fileUri(path.resolve(p));
    const target = project.targetFor(p);
    const file = await parseIntoIndex(p, uri, text, whole, project);
    if (opts.stats) {
      addFileStats(stats, file, target);
      const raw = await parseSource(uri, text, undefined, 'raw');
      addFileStats(rawStats, raw, target);
      raw.dispose();
    }
    if (role === 'checked') toCheck.set(p, { path: p, file, encoding });
    else file.dispose();
  }
  whole.complete = true;
  // Pass 3: check each file against the facts of its driver (the files under its solution) and
  // of the files under none.
  whole.setGrouping(solutionGrouping());
  for (const { path: p } of sources) {
    const entry = toCheck.get(p);
    if (entry)
      results.push(...(await checkEntry(entry, whole.viewFor(entry.file.uri), project, opts, notes)));
  }
  // Reported in the order the files were found, as one index would have it.
  const order = new Map(sources.map((s, i) => [s.path, i]));
  results.sort((a, b) => order.get(a.file)! - order.get(b.file)!);
  if (opts.stats) notes.push(`stats: ${formatStats(stats, rawStats)}`);
  const version = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0';
  const formatted: Record<Options['format'], () => string> = {
    json: () => formatJson(results),
    sarif: () => formatSarif(results, version, opts.sarifRoot),
    msbuild: () => formatMsbuild(results),
    text: () => formatText(results, notes),
  };
  process.stdout.write(formatted[opts.format]());
  if (opts.format !== 'text') notes.forEach((n) => process.stderr.write(n + '\n'));
  return results.some((r) => r.severity === 'error') ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wfp-inject: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);
