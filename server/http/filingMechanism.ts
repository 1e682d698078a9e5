/**
 * The mechanism a complaint is filed into (and whose data policy the filer reads): a logged-in filer's
 * own mechanism; a visitor's is the one their public page names by slug (`?mechanism=` or `?slug=`),
 * else the oldest one. An unknown slug is 404, never a silent fall-back to another mechanism.
 */
import type { Request } from 'express';
import { slugSchema } from '../../shared/validation/admin';
import type { AppContext } from '../context';
import { NotFound } from '../errors';
import { findDefaultMechanism, findMechanism, findMechanismBySlug, type MechanismRecord } from '../repositories/mechanisms';

/** The slug a public page names, if any. */
function requestedSlug(req: Request): string | undefined {
  const raw = req.query.mechanism ?? req.query.slug;
  return typeof raw === 'string' && raw !== '' ? raw : undefined;
}

/** The mechanism `req` files into; 404 when the named one does not exist. */
export async function filingMechanism(ctx: AppContext, req: Request): Promise<MechanismRecord> {
  if (req.user) {
    const own = await findMechanism(ctx.db, req.user.mechanismId);
    if (!own) throw new NotFound();
    return own;
  }
  const slug = requestedSlug(req);
  if (slug === undefined) {
    const fallback = await findDefaultMechanism(ctx.db);
    if (!fallback) throw new NotFound();
    return fallback;
  }
  const parsed = slugSchema.safeParse(slug);
  const named = parsed.success ? await findMechanismBySlug(ctx.db, parsed.data) : undefined;
  if (!named) throw new NotFound();
  return named;
}
