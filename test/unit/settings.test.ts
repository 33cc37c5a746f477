// Settings as VS Code sends them: nested objects, dotted keys, or values we do not know.
import * as assert from 'assert';
import { DEFAULT_SETTINGS, parseSettings } from '../../server/src/settings';

describe('settings', () => {
  it('defaults to win10 and hints for injection calls only', () => {
    assert.deepStrictEqual(parseSettings(undefined), DEFAULT_SETTINGS);
    assert.strictEqual(DEFAULT_SETTINGS.parameterNameHints, 'injection');
  });

  it('reads wfp.inlayHints.parameterNames nested or dotted', () => {
    assert.strictEqual(parseSettings({ inlayHints: { parameterNames: 'all' } }).parameterNameHints, 'all');
    assert.strictEqual(parseSettings({ 'inlayHints.parameterNames': 'off' }).parameterNameHints, 'off');
  });

  it('falls back to the default for unknown values', () => {
    assert.strictEqual(
      parseSettings({ inlayHints: { parameterNames: 'some' } }).parameterNameHints,
      'injection',
    );
    assert.strictEqual(parseSettings({ inlayHints: 'all', targetWindows: 'win95' }).targetWindows, 'win10');
  });
});
