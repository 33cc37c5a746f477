// WFP3007 for a handle whose address is kept (`ctx->slot = &gHandle;`) and destroyed through it.
import { checkFixtures } from '../helpers/check';
import { assertAnnotated } from '../helpers/annotations';

describe('WFP3007: handles destroyed through a pointer to them', () => {
  it('counts a destroy of `*ctx->slot` for the handle whose address went into that slot, and only for it', async () => {
    const r = await checkFixtures(['handles', 'pointer_alias.c']);
    assertAnnotated(r.get('pointer_alias.c')!);
  });
});
