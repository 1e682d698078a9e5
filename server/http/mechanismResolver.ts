/**
 * The one way a request's mechanism is found: the one it names by slug, else the caller's own, else
 * the oldest one on the installation. The name travels as `?mechanism=<slug>` on every API route that
 * takes one (MECHANISM_PARAM); an unknown or malformed slug is 404 everywhere, never a silent
 * fall-back to another mechanism. (The public page's own address says `?mecanismo=`, read by the client.)
 *
 * Every filing asked the database for its mechanism (one round trip of six). Each server now keeps what
 * it found, which stays right across several app servers without any invalidation: a mechanism's id,
 * slug, name, region and reference prefix are written once when it is created and never updated, and
 * mechanisms are never deleted. Only "the oldest" could change (a mechanism created with an earlier
 * clock), so that answer is kept for DEFAULT_TTL_MS only. Nothing is kept for a miss.
 */
import type { Request } from 'express';
import { slugSchema } from '../../shared/validation/admin';
import type { AppContext } from '../context';
import type { Database } from '../db/database';
import { NotFound } from '../errors';
import { findDefaultMechanism, findMechanism, findMechanismBySlug, type MechanismRecord } from '../repositories/mechanisms';

/** The query parameter that names a mechanism by slug (`GET /api/mechanism?mechanism=la-guajira`). */
export const MECHANISM_PARAM = 'mechanism';
/**
 * Its name before December 2026 on `GET /api/mechanism`, read there only (shownMechanism). Still read because an installed app
 * keeps running its cached code (service worker) until it updates, and would otherwise be answered
 * with another mechanism's lists. Nothing in this repository sends it any more.
 */
const OLD_PARAM = 'slug';

/** How long a server answers "the oldest mechanism" from memory. */
const DEFAULT_TTL_MS = 5000;
/** More mechanisms than any installation has (one per region of a country); a full map starts over. */
const MAX_KEPT = 1000;

/** What one server found, per database (tests run several apps in one process). */
interface Kept {
  byId: Map<string, MechanismRecord>;
  bySlug: Map<string, MechanismRecord>;
  oldest?: { mechanism: MechanismRecord; until: number };
}

const kept = new WeakMap<Database, Kept>();

function keptFor(db: Database): Kept {
  let found = kept.get(db);
  if (!found) {
    found = { byId: new Map(), bySlug: new Map() };
    kept.set(db, found);
  }
  return found;
}

function keep(cache: Kept, mechanism: MechanismRecord | undefined): MechanismRecord | undefined {
  if (!mechanism) return undefined;
  if (cache.byId.size >= MAX_KEPT) {
    cache.byId.clear();
    cache.bySlug.clear();
  }
  cache.byId.set(mechanism.id, mechanism);
  cache.bySlug.set(mechanism.slug, mechanism);
  return mechanism;
}

/** A slug given as `param` (an empty one names none); one given twice names nothing a mechanism has (null: 404, not the oldest). */
function slugIn(req: Request, param: string): string | null | undefined {
  const raw = req.query[param];
  if (raw === undefined || raw === '') return undefined;
  return typeof raw === 'string' ? raw : null;
}

/** The slug `?mechanism=` names, if any; null when it cannot be one. */
export function requestedSlug(req: Request): string | null | undefined {
  return slugIn(req, MECHANISM_PARAM);
}

/** What a request says about its mechanism: a slug it `named` and/or the caller's `own` mechanism id. */
export interface MechanismWanted {
  /** A slug; null for one that cannot be read (404). */
  named?: string | null | undefined;
  own?: string | undefined;
}

/** The mechanism `named` by slug, else the `own` one, else the oldest; 404 when the one asked for does not exist. */
export async function resolveMechanism(db: Database, { named, own }: MechanismWanted): Promise<MechanismRecord> {
  const cache = keptFor(db);
  if (named !== undefined) {
    const parsed = slugSchema.safeParse(named ?? '');
    const found = parsed.success ? (cache.bySlug.get(parsed.data) ?? keep(cache, await findMechanismBySlug(db, parsed.data))) : undefined;
    if (!found) throw new NotFound();
    return found;
  }
  if (own !== undefined) {
    const found = cache.byId.get(own) ?? keep(cache, await findMechanism(db, own));
    if (!found) throw new NotFound();
    return found;
  }
  const now = performance.now();
  if (cache.oldest && cache.oldest.until > now) return cache.oldest.mechanism;
  const oldest = keep(cache, await findDefaultMechanism(db));
  if (!oldest) throw new NotFound();
  cache.oldest = { mechanism: oldest, until: now + DEFAULT_TTL_MS };
  return oldest;
}

/**
 * The mechanism `req` files into (and whose data policy the filer reads): a logged-in filer's own,
 * whatever page they came from; a visitor's, the one `?mechanism=` names, else the oldest.
 */
export function filingMechanism(ctx: AppContext, req: Request, filer: Express.User | undefined = req.user): Promise<MechanismRecord> {
  return resolveMechanism(ctx.db, filer ? { own: filer.mechanismId } : { named: requestedSlug(req) });
}

/** The mechanism a page shows (`GET /api/mechanism`): the one `?mechanism=` names, else the caller's own, else the oldest. */
export function shownMechanism(ctx: AppContext, req: Request): Promise<MechanismRecord> {
  const named = requestedSlug(req);
  return resolveMechanism(ctx.db, { named: named === undefined ? slugIn(req, OLD_PARAM) : named, own: req.user?.mechanismId });
}
