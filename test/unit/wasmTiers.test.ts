// The server keeps tree-sitter's wasm at V8's baseline tier (server/src/wasmTiers.ts). Each case
// parses a large file three times in a process of its own, with V8 printing every wasm function it
// compiles: by default the lexer is recompiled by the optimising compiler (TurboFan); with the
// server's setting nothing is. Were V8 to drop or rename the flag, the second case would fail.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const SERVER_SRC = path.join(__dirname, '../../server/src');

function optimisedWasmFunctions(keepBaseline: boolean): number {
  const script = `
    const { keepWasmAtBaseline } = require(${JSON.stringify(path.join(SERVER_SRC, 'wasmTiers'))});
    const { loadParser } = require(${JSON.stringify(path.join(SERVER_SRC, 'parse/parser'))});
    const { WARM_UP_DRIVER } = require(${JSON.stringify(path.join(SERVER_SRC, 'warmUp'))});
    if (${keepBaseline}) keepWasmAtBaseline();
    loadParser('c').then((parser) => {
      const text = WARM_UP_DRIVER.repeat(40);
      for (let i = 0; i < 3; i++) parser.parse(text).delete();
    });`;
  const r = spawnSync(process.execPath, ['--trace-wasm-compilation-times', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.strictEqual(r.status, 0, r.stderr);
  return r.stdout.split('\n').filter((l) => /^Compiled function .* using TurboFan/.test(l)).length;
}

describe('wasm tiers', function () {
  this.timeout(60000);

  it("V8 recompiles the grammar's hot functions by default", () => {
    assert.ok(optimisedWasmFunctions(false) > 0);
  });

  it("the server's setting keeps every wasm function at baseline", () => {
    assert.strictEqual(optimisedWasmFunctions(true), 0);
  });
});
