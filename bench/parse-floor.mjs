// Run as a child of bench/clangd-compare.mjs, with the server's node flags: the first parse of a
// file in a fresh process (preprocessing and tree-sitter, wasm kept at baseline as the server
// keeps it), after one small parse that compiles the grammar's code, as the server's warm-up
// does. Prints the milliseconds. It is the part of the server's open that no analysis can save:
// the floor under its "open → first diagnostics".
// usage: npm run build && npm run test:compile && node <server flags> bench/parse-floor.mjs <file> <languageId>
import { readFileSync } from 'fs';
import { createRequire } from 'module';
import { pathToFileURL } from 'url';

const require = createRequire(import.meta.url);
const { keepWasmAtBaseline } = require('../out/server/src/wasmTiers.js');
const { parseSource } = require('../out/server/src/parse/document.js');

const [file, languageId] = process.argv.slice(2);
keepWasmAtBaseline();
const uri = pathToFileURL(file).href;
(await parseSource(uri, 'int warm(void) { return 0; }\n', languageId)).dispose();
const text = readFileSync(file, 'utf8');
const started = performance.now();
const parsed = await parseSource(uri, text, languageId);
process.stdout.write(`${(performance.now() - started).toFixed(2)}\n`);
parsed.dispose();
