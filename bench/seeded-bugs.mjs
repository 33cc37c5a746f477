// Seeds bugs into a real driver tree, one at a time, and counts how many the checker reports:
// a free of a cloned NBL removed from a function that injects it (expects WFP2001/2002/2004/2005 on
// that NBL), the completion function of an injection replaced by NULL (WFP1005), the reserved
// flags of an injection made non-zero (WFP1002/1003). Also prints how many findings the unseeded tree gets.
// `--raw` parses without the preprocessing layer, for comparison; `--missed` lists what was missed.
// usage: npm run build && npm run test:compile && node bench/seeded-bugs.mjs <folder> [--raw] [--missed]
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const folder = process.argv[2];
if (!folder) {
  console.error('usage: node bench/seeded-bugs.mjs <folder>');
  process.exit(2);
}
const { collectSourceFiles } = require('../out/server/src/workspace/sourceFiles.js');
const { decodeSource } = require('../out/server/src/workspace/encoding.js');
const { parseSource } = require('../out/server/src/parse/document.js');
const { ProjectEnvironment } = require('../out/server/src/project/environment.js');
const { WorkspaceIndex } = require('../out/server/src/analysis/workspaceIndex.js');
const { findCatalogCalls } = require('../out/server/src/analysis/calls.js');
const { isInjectionFunction } = require('../out/server/src/catalog/index.js');
const { checkFile } = require('../out/server/src/rules/index.js');

const { files } = collectSourceFiles([folder]);
const project = new ProjectEnvironment([path.resolve(folder)]);
const envOf = (f) => (process.argv.includes('--raw') ? 'raw' : project.envFor(f));
const sources = files.map((f) => [f, decodeSource(readFileSync(f)).text]);
for (const [f, t] of sources) project.learn(path.resolve(f), t);
const wfp = sources.filter(([, t]) => /Fwps|FWPS_|FWPM_LAYER_/.test(t));
const index = new WorkspaceIndex();
const parsed = new Map();
for (const [f, t] of wfp) {
  const file = await parseSource(pathToFileURL(path.resolve(f)).href, t, undefined, envOf(f));
  index.update(file, project.targetFor(f));
  parsed.set(f, file);
}
index.complete = true;

let baseline = 0;
for (const [f, file] of parsed) baseline += checkFile(file, project.targetFor(f), index).length;

const tally = new Map();
const count = (kind, found) => {
  const t = tally.get(kind) ?? { seeded: 0, found: 0 };
  t.seeded++;
  if (found) t.found++;
  tally.set(kind, t);
};
const missed = [];

async function check(f, text, expected) {
  const file = await parseSource(pathToFileURL(path.resolve(f)).href, text, undefined, envOf(f));
  index.update(file, project.targetFor(f));
  const found = checkFile(file, project.targetFor(f), index).some(expected);
  file.dispose();
  index.update(parsed.get(f), project.targetFor(f));
  return found;
}

for (const [f, file] of parsed) {
  const text = file.text;
  const target = project.targetFor(f);
  const sites = findCatalogCalls(file, target);
  for (const site of sites.filter((s) => isInjectionFunction(s.fn))) {
    const params = site.fn.params;
    const argAt = (role) => site.args[params.findIndex((p) => p.role === role)];
    const completion = argAt('completionFn');
    if (completion && completion.text !== 'NULL') {
      const seeded = text.slice(0, completion.startIndex) + 'NULL' + text.slice(completion.endIndex);
      const ok = await check(f, seeded, (x) => x.ruleId === 'WFP1005');
      count('NULL completion function', ok);
      if (!ok) missed.push(`NULL completion: ${f}:${file.positionAt(site.call.startIndex).line + 1}`);
    }
    const flags = argAt('flags');
    if (flags && /^0[uUlL]*$/.test(flags.text)) {
      const seeded = text.slice(0, flags.startIndex) + '1' + text.slice(flags.endIndex);
      const ok = await check(f, seeded, (x) => x.ruleId === 'WFP1002' || x.ruleId === 'WFP1003');
      count('non-zero reserved flags', ok);
      if (!ok) missed.push(`flags: ${f}:${file.positionAt(site.call.startIndex).line + 1}`);
    }
    // The frees of the injected NBL inside the same function.
    const nbl = argAt('netBufferList');
    const fn = site.enclosingFunction;
    if (!nbl || !fn || !/^[A-Za-z_]\w*$/.test(nbl.text)) continue;
    for (const free of sites.filter(
      (s) => s.fn.kind === 'nblFree' && s.enclosingFunction?.id === fn.id && s.args[0]?.text === nbl.text,
    )) {
      let stmt = free.call;
      while (stmt.parent && stmt.type !== 'expression_statement') stmt = stmt.parent;
      const seeded =
        text.slice(0, stmt.startIndex) +
        ';'.padEnd(stmt.endIndex - stmt.startIndex) +
        text.slice(stmt.endIndex);
      const ok = await check(f, seeded, (x) =>
        ['WFP2001', 'WFP2002', 'WFP2004', 'WFP2005'].includes(x.ruleId),
      );
      count('free of the injected NBL removed', ok);
      if (!ok) missed.push(`free removed: ${f}:${file.positionAt(stmt.startIndex).line + 1}`);
    }
  }
}
console.log(`files with WFP code: ${parsed.size}; findings on the unseeded tree: ${baseline}`);
let all = 0;
let hit = 0;
for (const [kind, t] of tally) {
  console.log(`${kind}: ${t.found}/${t.seeded} found`);
  all += t.seeded;
  hit += t.found;
}
console.log(`all seeded bugs: ${hit}/${all} = ${all ? ((hit * 100) / all).toFixed(1) : '-'}%`);
if (process.argv.includes('--missed')) missed.forEach((m) => console.log('  missed ' + m));
