// The injection grammar through VS Code's own tokenizer (vscode-textmate + oniguruma), hosted by a
// minimal C grammar fixture: what gets a WFP scope, and what must not.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { FUNCTIONS, versionIndependentNames } from '../../server/src/catalog';
import { GRAMMAR_PATH } from '../../scripts/gen-docs';
import { GRAMMAR_SCOPE } from '../../scripts/grammar';
import { fixture } from '../helpers/paths';

interface Token {
  text: string;
  scopes: string[];
}

// loadWASM may run only once per process.
let onigLib: Promise<vsctm.IOnigLib> | undefined;
function loadOniguruma(): Promise<vsctm.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigLib;
}

/** The fixture C grammar, renamed to source.cpp for the C++ host. */
function baseGrammar(scopeName: string): vsctm.IRawGrammar {
  const text = fs.readFileSync(fixture('grammar', 'c.tmLanguage.json'), 'utf8');
  const json =
    scopeName === 'source.c'
      ? text
      : text.replace(/"source\.c"/, JSON.stringify(scopeName)).replace(/\.c"/g, '.cpp"');
  return vsctm.parseRawGrammar(json, 'c.tmLanguage.json');
}

async function loadGrammar(host: 'source.c' | 'source.cpp'): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scopeName) => {
      if (scopeName === GRAMMAR_SCOPE)
        return vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH);
      if (scopeName === 'source.c' || scopeName === 'source.cpp') return baseGrammar(scopeName);
      return null;
    },
    // What package.json's `injectTo` does inside VS Code.
    getInjections: (scopeName) =>
      scopeName === 'source.c' || scopeName === 'source.cpp' ? [GRAMMAR_SCOPE] : undefined,
  });
  const grammar = await registry.loadGrammar(host);
  assert.ok(grammar, `${host} grammar loads`);
  return grammar;
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[][] {
  let state = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The scopes that say what a token is (the outer styling scopes are checked on their own). */
function isWfp(scope: string): boolean {
  return scope.startsWith('support.') && scope.split('.').includes('wfp');
}

/** Every scope of the token that is exactly `word`, outermost first. */
function scopesOf(lines: Token[][], word: string, line = 0): string[] {
  const token = lines[line].find((t) => t.text === word);
  assert.ok(token, `"${word}" is one token`);
  return token.scopes;
}

/** The innermost scope of the token that is exactly `word`; fails when the word is split or merged. */
function scopeOf(lines: Token[][], word: string, line = 0): string {
  const token = lines[line].find((t) => t.text === word);
  assert.ok(token, `"${word}" is one token in: ${JSON.stringify(lines[line].map((t) => t.text))}`);
  return token.scopes[token.scopes.length - 1];
}

/** Every WFP scope on a line, with the text it covers. */
function wfpTokens(lines: Token[][]): string[] {
  return lines.flat().flatMap((t) => t.scopes.filter(isWfp).map((s) => `${t.text}:${s}`));
}

for (const host of ['source.c', 'source.cpp'] as const) {
  describe(`highlighting grammar injected into ${host}`, () => {
    let grammar: vsctm.IGrammar;
    const tok = (text: string) => tokenize(grammar, text);
    before(async () => {
      grammar = await loadGrammar(host);
    });

    it('scopes injection calls ahead of the host function-call rule', () => {
      const lines = tok(
        '    status = FwpsInjectForwardAsync0(gInjectionHandle, NULL, 0, AF_INET, c, i, clone, Done, NULL);',
      );
      assert.strictEqual(scopeOf(lines, 'FwpsInjectForwardAsync0'), 'support.function.wfp.inject');
      assert.strictEqual(
        scopeOf(
          tok('FwpsInjectTransportSendAsync(h, NULL, e, 0, &a, AF_INET6, 0, n, f, NULL);'),
          'FwpsInjectTransportSendAsync',
        ),
        'support.function.wfp.inject',
      );
      assert.strictEqual(
        scopeOf(tok('FwpsStreamInjectAsync0 (h, NULL, 0, flowId,'), 'FwpsStreamInjectAsync0'),
        'support.function.wfp.inject',
      );
    });

    it('styles injection calls bold and WFP constants as constants, which the default themes colour', () => {
      const lines = tok(
        'status = FwpsInjectForwardAsync0(h, NULL, 0, AF_INET, c, i, n, f, NULL); x = FWPS_LAYER_IPFORWARD_V4; y = STATUS_FWP_NULL_POINTER; z = FwpsFreeCloneNetBufferList0;',
      );
      assert.deepStrictEqual(scopesOf(lines, 'FwpsInjectForwardAsync0').slice(-2), [
        'markup.bold.wfp',
        'support.function.wfp.inject',
      ]);
      assert.deepStrictEqual(scopesOf(lines, 'FWPS_LAYER_IPFORWARD_V4').slice(-2), [
        'variable.other.constant.wfp',
        'support.constant.wfp.layer',
      ]);
      assert.deepStrictEqual(scopesOf(lines, 'STATUS_FWP_NULL_POINTER').slice(-2), [
        'variable.other.constant.wfp',
        'support.constant.wfp.status',
      ]);
      assert.ok(
        !scopesOf(lines, 'FwpsFreeCloneNetBufferList0').includes('markup.bold.wfp'),
        'only injection calls are bold',
      );
    });

    it('scopes every catalog function and version-independent name, called or not', () => {
      for (const name of [...FUNCTIONS.map((f) => f.name), ...versionIndependentNames()]) {
        const called = scopeOf(tok(`x = ${name}(a);`), name);
        assert.ok(called.startsWith('support.function.wfp'), `${name}: ${called}`);
        assert.ok(!called.endsWith('.other'), `${name} is in the catalog`);
        assert.strictEqual(scopeOf(tok(`fn = ${name};`), name), called, `${name} as a function pointer`);
      }
      assert.strictEqual(
        scopeOf(tok('FwpsFreeCloneNetBufferList0(clone, 0);'), 'FwpsFreeCloneNetBufferList0'),
        'support.function.wfp',
      );
    });

    it('scopes other Fwps/Fwpm calls only when called', () => {
      assert.strictEqual(
        scopeOf(tok('status = FwpsCalloutRegister3(device, &callout, &id);'), 'FwpsCalloutRegister3'),
        'support.function.wfp.other',
      );
      assert.strictEqual(
        scopeOf(tok('FwpmFilterAdd0(engine, &filter, NULL, NULL);'), 'FwpmFilterAdd0'),
        'support.function.wfp.other',
      );
      // A longer name is another function, not a catalog one with a suffix.
      assert.strictEqual(
        scopeOf(tok('FwpsInjectForwardAsync0Ex(a);'), 'FwpsInjectForwardAsync0Ex'),
        'support.function.wfp.other',
      );
      assert.deepStrictEqual(wfpTokens(tok('PVOID p = FwpsCalloutRegister3;')), []);
    });

    it('scopes layers, FWPS_/FWP_ constants and STATUS_FWP_ codes', () => {
      const lines = tok(
        'if (id == FWPS_LAYER_INBOUND_IPPACKET_V4 || k == &FWPM_LAYER_ALE_AUTH_CONNECT_V6) return STATUS_FWP_INJECT_HANDLE_CLOSING;\n' +
          'FwpsInjectionHandleCreate0(AF_INET, FWPS_INJECTION_TYPE_NETWORK | FWPS_INJECTION_TYPE_FORWARD, &h);\n' +
          'v = f[FWPS_FIELD_IPFORWARD_V4_DESTINATION_INTERFACE_INDEX]; d = FWP_DIRECTION_OUTBOUND;',
      );
      assert.strictEqual(scopeOf(lines, 'FWPS_LAYER_INBOUND_IPPACKET_V4'), 'support.constant.wfp.layer');
      assert.strictEqual(scopeOf(lines, 'FWPM_LAYER_ALE_AUTH_CONNECT_V6'), 'support.constant.wfp.layer');
      assert.strictEqual(scopeOf(lines, 'STATUS_FWP_INJECT_HANDLE_CLOSING'), 'support.constant.wfp.status');
      assert.strictEqual(scopeOf(lines, 'FWPS_INJECTION_TYPE_NETWORK', 1), 'support.constant.wfp');
      assert.strictEqual(scopeOf(lines, 'FWPS_INJECTION_TYPE_FORWARD', 1), 'support.constant.wfp');
      assert.strictEqual(
        scopeOf(lines, 'FWPS_FIELD_IPFORWARD_V4_DESTINATION_INTERFACE_INDEX', 2),
        'support.constant.wfp',
      );
      assert.strictEqual(scopeOf(lines, 'FWP_DIRECTION_OUTBOUND', 2), 'support.constant.wfp');
    });

    it('leaves names that only contain a WFP name alone', () => {
      const lines = tok(
        'MyFwpsInjectForwardAsync0(a); p = FwpsInjectForwardAsync0Ex; fwpsInjectForwardAsync0(a); My_FwpsFreeNetBufferList0(b);\n' +
          'x = MY_FWPS_LAYER_INBOUND_IPPACKET_V4 + FWPS_LAYER_INBOUND_IPPACKET_V4x + gFWPS_INJECTION_TYPE_NETWORK;\n' +
          'y = XSTATUS_FWP_NULL_POINTER + STATUS_FWP_NULL_POINTERs + FWPM_CONDITION_IP_PROTOCOL + FWPS_ + FwpsX;',
      );
      assert.deepStrictEqual(wfpTokens(lines), []);
    });

    it('does not scope inside comments or strings', () => {
      const lines = tok(
        '// FwpsInjectForwardAsync0(h, FWPS_LAYER_IPFORWARD_V4) fails with STATUS_FWP_NULL_POINTER\n' +
          '/* FwpsFreeCloneNetBufferList0(clone, 0);\n' +
          '   still a comment: FWPS_INJECTION_TYPE_FORWARD FwpsCalloutRegister3(d) */\n' +
          'DbgPrint("FwpsInjectForwardAsync0(%p) FWPS_LAYER_X STATUS_FWP_NULL_POINTER\\n", p);\n' +
          "c = 'F';\n" +
          '#include "FwpsFreeNetBufferList0.h"\n' +
          '#include <FWPS_LAYER_X.h>',
      );
      assert.deepStrictEqual(wfpTokens(lines), []);
    });

    it('scopes code again after a comment or string closes on the same line', () => {
      const lines = tok(
        '/* x */ FwpsFreeNetBufferList0(n); s = "FWPS_LAYER_X"; id = FWPS_LAYER_IPFORWARD_V4; // STATUS_FWP_NULL_POINTER',
      );
      assert.deepStrictEqual(wfpTokens(lines), [
        'FwpsFreeNetBufferList0:support.function.wfp',
        'FWPS_LAYER_IPFORWARD_V4:support.constant.wfp.layer',
      ]);
    });
  });
}
