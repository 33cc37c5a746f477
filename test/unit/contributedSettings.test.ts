// Every setting the extension contributes must be read by something: the server's parseSettings
// (a non-default value changes what it returns, the default gives the server's default) or,
// for `wfp.trace.server`, the language client, which reads `<client id>.trace.server`.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_ID, SETTINGS_SECTION } from '../../client/src/clientId';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';
import { REPO_ROOT } from '../helpers/paths';

interface Contributed {
  type: string;
  enum?: unknown[];
  default: unknown;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const properties: Record<string, Contributed> = pkg.contributes.configuration.properties;

/** The raw `wfp` section VS Code sends when only `key` is set. */
function sectionWith(key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.').slice(1);
  const raw: Record<string, unknown> = {};
  let at = raw;
  parts.slice(0, -1).forEach((p) => (at = at[p] = {} as Record<string, unknown>));
  at[parts[parts.length - 1]] = value;
  return raw;
}

describe('contributed settings', () => {
  it('are all in the wfp section', () => {
    for (const key of Object.keys(properties)) assert.ok(key.startsWith(`${SETTINGS_SECTION}.`), key);
  });

  it('wfp.trace.server is the key the language client reads', () => {
    assert.ok(
      properties[`${CLIENT_ID}.trace.server`],
      `the client id ${CLIENT_ID} must match the contributed trace setting`,
    );
  });

  for (const [key, spec] of Object.entries(properties)) {
    if (key.endsWith('.trace.server')) continue;
    it(`${key} is read by the server, with the same default`, () => {
      assert.deepStrictEqual(
        parseSettings(sectionWith(key, spec.default)),
        DEFAULT_SETTINGS,
        'the contributed default is the server default',
      );
      const others =
        spec.type === 'boolean'
          ? [!spec.default]
          : spec.type === 'array'
            ? [['DBG=1']]
            : (spec.enum ?? []).filter((v) => v !== spec.default);
      assert.ok(others.length, `${key}: no other value to try`);
      for (const value of others) {
        assert.notDeepStrictEqual(
          parseSettings(sectionWith(key, value)),
          DEFAULT_SETTINGS,
          `${key} = ${JSON.stringify(value)} changes nothing`,
        );
      }
    });
  }
});
