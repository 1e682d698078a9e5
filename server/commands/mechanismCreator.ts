/** Creates a mechanism: a new region on the same installation, with its own lists, people and prefix. */
import type { AppContext } from '../context';
import { withUniqueFields } from '../http/uniqueConflict';
import { grantMechanism, insertMechanism, type NewMechanism } from '../repositories/adminConfig';
import { logger } from '../logger';
import { recordAdminChange } from '../audit/adminChanges';

/**
 * Creates the mechanism and, when an admin creates it, lets that admin manage it. Slugs and
 * reference prefixes are unique across the installation (a 400 on the field otherwise).
 */
export async function createMechanism(
  ctx: Pick<AppContext, 'db' | 'clock' | 'config' | 'cipher'>,
  creator: { id: string } | null,
  input: NewMechanism,
): Promise<string> {
  const at = ctx.clock.now();
  const id = await withUniqueFields(
    { mechanisms_slug_key: ['slug', 'validation.slug_taken'], mechanisms_reference_prefix_key: ['referencePrefix', 'validation.prefix_taken'] },
    () =>
      ctx.db.transaction(async (tx) => {
        const mechanismId = await insertMechanism(tx, input, at);
        if (creator) await grantMechanism(tx, creator.id, mechanismId, creator.id, at);
        await recordAdminChange(tx, { mechanismId, actor: creator, action: 'mechanisms.create', targetId: mechanismId, data: { ...input }, at });
        return mechanismId;
      }),
  );
  logger.info('mechanism created', { mechanismId: id, slug: input.slug, by: creator?.id ?? 'cli' });
  return id;
}
