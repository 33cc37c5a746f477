// WFP3007 and handles reset after their destroy (`gHandle = INVALID_HANDLE_VALUE;`): the reset is
// not what the destroy was given.
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';

describe('WFP3007: handles reset after the destroy', () => {
  it('counts the destroy before a reset to INVALID_HANDLE_VALUE, (HANDLE)-1 or another handle', async () => {
    const r = await checkFixtures(['handles', 'reset_after_destroy.c']);
    assertAnnotated(r.get('reset_after_destroy.c')!);
  });
});
