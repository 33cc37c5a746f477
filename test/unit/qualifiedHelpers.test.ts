// C++ helpers called by their qualified names (`ns::Helper(…)`, `Class::Helper(…)`) take part in
// the cross-function summaries as plain calls do: their definitions are known by the last name.
import * as assert from 'assert';
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';

describe('rules: C++ helpers called by qualified names', () => {
  it('follows the clone and the injection status through ns:: and Class:: helpers', async () => {
    const r = await checkFixtures(['ownership', 'qualified-helpers.cpp']);
    const { file, findings } = r.get('qualified-helpers.cpp')!;
    assertAnnotated({ file, findings });
    assert.match(
      findings[0].message,
      /^The status of Send \(which returns the status of FwpsInjectNetworkSendAsync0\)/,
    );
  });
});
