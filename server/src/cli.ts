// `wfp-inject check [--format text|json|sarif] [--fix] [--target vista|win7|win8|win10] <paths…>`
// Exit codes: 1 when an error-severity finding is reported, 2 on bad usage, 0 otherwise.
import * as fs from 'fs';
import { pathToFileURL } from 'url';
import { WINDOWS_TARGETS, DEFAULT_TARGET, type WindowsTarget } from './catalog';
import { collectSourceFiles } from './cli/files';
import { formatJson, formatSarif, formatText, type Reported } from './cli/report';
import { applyEdits, safeFixEdits } from './features/diagnostics';
import { WorkspaceIndex } from './analysis/workspaceIndex';
import { parseSource, type SourceFile } from './parse/document';
import { mentionsWfp, skipReason } from './parse/inputGuard';
import { checkFile } from './rules';

declare const PACKAGE_VERSION: string | undefined;

const USAGE = `usage: wfp-inject check [--format text|json|sarif] [--fix] [--target ${WINDOWS_TARGETS.join('|')}] <files or folders…>`;

interface Options {
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  target: WindowsTarget;
  paths: string[];
}

function parseArgs(argv: string[]): Options | string {
  if (argv[0] !== 'check') return `unknown command ${argv[0] ?? '(none)'}`;
  const opts: Options = { format: 'text', fix: false, target: DEFAULT_TARGET, paths: [] };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--fix') opts.fix = true;
    else if (a === '--format' || a.startsWith('--format=')) {
      const v = a.includes('=') ? a.split('=')[1] : argv[++i];
      if (v !== 'text' && v !== 'json' && v !== 'sarif') return `bad --format ${v}`;
      opts.format = v;
    } else if (a === '--target' || a.startsWith('--target=')) {
      const v = (a.includes('=') ? a.split('=')[1] : argv[++i]) as WindowsTarget;
      if (!WINDOWS_TARGETS.includes(v)) return `bad --target ${v}`;
      opts.target = v;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else opts.paths.push(a);
  }
  if (!opts.paths.length) return 'no files or folders given';
  return opts;
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
  // Pass 1: index every file (a handle created in one file is used in another);
  // keep the trees of files that can have findings, drop the rest.
  const index = new WorkspaceIndex();
  const toCheck: { path: string; file: SourceFile }[] = [];
  for (const path of files) {
    const text = fs.readFileSync(path, 'utf8');
    const skipped = skipReason(text);
    if (skipped) {
      notes.push(`${path}: skipped (${skipped}).`);
      continue;
    }
    if (!mentionsWfp(text)) continue;
    const file = await parseSource(pathToFileURL(path).href, text);
    index.update(file, opts.target);
    if (/Fwps/.test(text)) toCheck.push({ path, file });
    else file.dispose();
  }
  index.complete = true;
  // Pass 2: check.
  for (const entry of toCheck) {
    let { file } = entry;
    const { path } = entry;
    let findings = checkFile(file, opts.target, index);
    if (opts.fix) {
      const edits = safeFixEdits(findings);
      if (edits.length) {
        const text = applyEdits(file.text, edits);
        fs.writeFileSync(path, text);
        file.dispose();
        file = await parseSource(file.uri, text);
        index.update(file, opts.target);
        findings = checkFile(file, opts.target, index);
        notes.push(`${path}: applied ${edits.length} fix${edits.length === 1 ? '' : 'es'}.`);
      }
    }
    for (const f of findings) {
      const s = file.positionAt(f.start);
      const e = file.positionAt(f.end);
      results.push({
        file: path,
        line: s.line + 1,
        column: s.character + 1,
        endLine: e.line + 1,
        endColumn: e.character + 1,
        code: f.ruleId,
        severity: f.severity,
        message: f.message,
      });
    }
    file.dispose();
  }
  const version = typeof PACKAGE_VERSION === 'string' ? PACKAGE_VERSION : '0.0.0';
  const out = opts.format === 'json' ? formatJson(results) : opts.format === 'sarif' ? formatSarif(results, version) : formatText(results, notes);
  process.stdout.write(out);
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
