// How many steps of the flow panel the engine can judge on real code: every injection call of
// the given trees, indexed as the CLI and the server index them (each driver with its solution's
// files), gets its flow model
// (`wfp/injectionFlow`), and each step's status is counted: found, missing, not applicable, or
// unknown (the engine could not tell). Prints a table per step and, with `--unknown`, each step
// left unknown with its place and why (`--all`: every step, with its status). Prints figures;
// asserts nothing.
// usage: npm run build && npm run test:compile && node bench/flow-coverage.mjs <folders…> [--unknown|--all]
import { createRequire } from 'module';
import { relative, resolve } from 'path';

const require = createRequire(import.meta.url);
const out = (m) => require(`../out/server/src/${m}.js`);
const { WorkspaceIndex } = out('analysis/workspaceIndex');
const { ProjectEnvironment } = out('project/environment');
const { checkFile } = out('rules/index');
const { parseIntoIndex } = out('workspace/indexSource');
const { collectSourceFiles } = out('workspace/sourceFiles');
const { isIndexed, readSourceText } = out('workspace/sourceText');
const { fileUri } = out('fileUris');
const { solutionGrouping } = out('workspace/solutions');
const { findCatalogCalls } = out('analysis/calls');
const { buildInjectionFlow } = out('features/injectionFlow');

const args = process.argv.slice(2);
const listUnknown = args.includes('--unknown');
// Every step with its status, to compare two builds' judgements line by line.
const listAll = args.includes('--all');
const folders = args.filter((a) => !a.startsWith('--'));
if (!folders.length) {
  console.error('usage: node bench/flow-coverage.mjs <folders…> [--unknown|--all]');
  process.exit(2);
}

const STATUSES = ['found', 'missing', 'notApplicable', 'unknown'];
const { files } = collectSourceFiles(folders);
const project = new ProjectEnvironment(folders.map((f) => resolve(f)));
const sources = [];
for (const path of files) {
  const source = readSourceText(path);
  if (!source || source.role === 'skipped') continue;
  project.record(resolve(path), source.text);
  if (isIndexed(source.role)) sources.push({ path, ...source });
}
const index = new WorkspaceIndex();
const checked = [];
for (const s of sources) {
  const file = await parseIntoIndex(s.path, fileUri(resolve(s.path)), s.text, index, project);
  if (s.role === 'checked') checked.push({ path: s.path, file });
  else file.dispose();
}
index.complete = true;
index.setGrouping(solutionGrouping());

/** step id → status → count */
const tally = new Map();
const unknown = [];
let calls = 0;
for (const { path, file } of checked) {
  const target = project.targetFor(path);
  const view = index.viewFor(file.uri);
  const findings = checkFile(file, target, view);
  for (const site of findCatalogCalls(file, target)) {
    if (!site.fn.injection) continue;
    calls++;
    const model = buildInjectionFlow(file, site.call.startIndex, target, view, findings);
    const line = file.positionAt(site.call.startIndex).line + 1;
    for (const step of model?.steps ?? []) {
      const row = tally.get(step.id) ?? Object.fromEntries(STATUSES.map((s) => [s, 0]));
      row[step.status]++;
      tally.set(step.id, row);
      if (step.status === 'unknown' || listAll)
        unknown.push(
          `${relative(process.cwd(), path)}:${line} ${site.fn.name} ${step.id}${listAll ? ` ${step.status}` : ''}: ${step.detail}`,
        );
    }
  }
  file.dispose();
}

const pad = (s, n) => String(s).padStart(n);
console.log(`${files.length} files read, ${checked.length} checked, ${calls} injection calls`);
console.log(`${'step'.padEnd(20)}${STATUSES.map((s) => pad(s, 15)).join('')}`);
const totals = Object.fromEntries(STATUSES.map((s) => [s, 0]));
for (const [id, row] of tally) {
  console.log(`${id.padEnd(20)}${STATUSES.map((s) => pad(row[s], 15)).join('')}`);
  for (const s of STATUSES) totals[s] += row[s];
}
console.log(`${'all steps'.padEnd(20)}${STATUSES.map((s) => pad(totals[s], 15)).join('')}`);
if (listUnknown || listAll) for (const u of unknown) console.log(`  ${u}`);
