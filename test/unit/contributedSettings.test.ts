// package.json's `contributes.configuration` against the server's settings parser, both ways:
// every contributed setting is read (by parseSettings, or `wfp.trace.server` by the language
// client, which reads `<client id>.trace.server`) with the same default, every value its enum
// offers is accepted and means something of its own, and every key the parser reads is
// contributed. The parser's reads are recorded, not listed here, so a new one cannot slip by.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_ID, SETTINGS_SECTION } from '../../client/src/clientId';
import { WINDOWS_TARGETS } from '../../server/src/catalog/types';
import {
  DEFAULT_SETTINGS,
  DIAGNOSTICS_SCOPES,
  PARAMETER_NAME_HINTS,
  parseSettings,
} from '../../server/src/settings';
import { REPO_ROOT } from '../helpers/paths';

interface Contributed {
  type: string;
  enum?: unknown[];
  default: unknown;
}

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
const properties: Record<string, Contributed> = pkg.contributes.configuration.properties;
const CLIENT_SETTINGS = new Set([`${CLIENT_ID}.trace.server`]);
const serverSettings = Object.entries(properties).filter(([key]) => !CLIENT_SETTINGS.has(key));

/** The raw `wfp` section VS Code sends when only `key` is set. */
function sectionWith(key: string, value: unknown): Record<string, unknown> {
  const parts = key.split('.').slice(1);
  const raw: Record<string, unknown> = {};
  let at = raw;
  parts.slice(0, -1).forEach((p) => (at = at[p] = {} as Record<string, unknown>));
  at[parts[parts.length - 1]] = value;
  return raw;
}

/**
 * The `wfp.*` keys parseSettings reads, recorded from an empty section that answers every
 * read: a nested setting is read as `section` then as the dotted `section.key`, and only the
 * full key counts.
 */
function keysTheParserReads(): string[] {
  const reads = new Set<string>();
  const recorder = new Proxy<Record<string, unknown>>(
    {},
    {
      get: (_, key) => (typeof key === 'string' && reads.add(key), undefined),
      has: (_, key) => (typeof key === 'string' && reads.add(key), false),
    },
  );
  parseSettings(recorder);
  const all = [...reads];
  return all
    .filter((k) => !all.some((other) => other.startsWith(`${k}.`)))
    .map((k) => `${SETTINGS_SECTION}.${k}`)
    .sort();
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

  it('are exactly the keys the server parses, apart from the client-side ones', () => {
    assert.deepStrictEqual(serverSettings.map(([key]) => key).sort(), keysTheParserReads());
  });

  it("offer exactly the values the server's lists allow", () => {
    assert.deepStrictEqual(properties['wfp.targetWindows'].enum, ['auto', ...WINDOWS_TARGETS]);
    assert.deepStrictEqual(
      [...properties['wfp.inlayHints.parameterNames'].enum!].sort(),
      [...PARAMETER_NAME_HINTS].sort(),
    );
    assert.deepStrictEqual(
      [...properties['wfp.diagnostics.scope'].enum!].sort(),
      [...DIAGNOSTICS_SCOPES].sort(),
    );
    const task = pkg.contributes.taskDefinitions.find((t: { type: string }) => t.type === 'wfp-inject');
    assert.deepStrictEqual(task.properties.target.enum, [...WINDOWS_TARGETS]);
  });

  // Every value any setting might take: a value outside a setting's enum must be rejected.
  const candidates: unknown[] = [
    ...new Set<unknown>([
      ...serverSettings.flatMap(([, spec]) => spec.enum ?? []),
      ...WINDOWS_TARGETS,
      ...PARAMETER_NAME_HINTS,
      ...DIAGNOSTICS_SCOPES,
      true,
      false,
      'bogus',
      0,
      null,
    ]),
  ];

  for (const [key, spec] of serverSettings) {
    it(`${key} is read by the server, with the same default`, () => {
      assert.deepStrictEqual(
        parseSettings(sectionWith(key, spec.default)),
        DEFAULT_SETTINGS,
        'the contributed default is the server default',
      );
      let others: unknown[] = (spec.enum ?? []).filter((v) => v !== spec.default);
      if (spec.type === 'boolean') others = [!spec.default];
      else if (spec.type === 'array') others = [['DBG=1']];
      assert.ok(others.length, `${key}: no other value to try`);
      for (const value of others) {
        assert.notDeepStrictEqual(
          parseSettings(sectionWith(key, value)),
          DEFAULT_SETTINGS,
          `${key} = ${JSON.stringify(value)} changes nothing`,
        );
      }
    });

    const allowed = spec.type === 'boolean' ? [true, false] : spec.enum;
    if (!allowed) continue;
    it(`${key} accepts each value it offers, each with its own meaning, and no other`, () => {
      const parsed = allowed.map((v) => JSON.stringify(parseSettings(sectionWith(key, v))));
      assert.strictEqual(new Set(parsed).size, allowed.length, `two values of ${key} parse the same`);
      for (const value of candidates.filter((v) => !allowed.includes(v)))
        assert.deepStrictEqual(
          parseSettings(sectionWith(key, value)),
          DEFAULT_SETTINGS,
          `${key} = ${JSON.stringify(value)} is not offered but is accepted`,
        );
    });
  }
});
