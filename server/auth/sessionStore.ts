/**
 * express-session's store on our database (embedded or server alike). The user id is kept in its own
 * column so every session of a person can be ended at once (logout everywhere, deactivation).
 */
import session, { type SessionData } from 'express-session';
import { namedStatement, type Database } from '../db/database';
import type { Clock } from '../clock';
import { logger } from '../logger';

type Callback<T = void> = (err?: unknown, value?: T) => void;

// Sessions without an explicit cookie expiry still end: a day of inactivity.
const DEFAULT_TTL_MS = 24 * 60 * 60 * 1000;

// Every request with a cookie reads its session: kept prepared on each connection. Reading it is also
// what keeps it alive (the idle expiry moves on, counted from the session's own cookie age), so a
// request that changes nothing makes one statement, not a read and then a touch before its answer.
const READ = namedStatement(
  'session_read',
  `UPDATE sessions SET expires_at = $2::timestamptz + coalesce((data->'cookie'->>'originalMaxAge')::bigint, ${DEFAULT_TTL_MS}) * interval '1 millisecond'
   WHERE sid = $1 AND expires_at > $2 RETURNING data`,
);
const WRITE = namedStatement(
  'session_write',
  `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES ($1, $2, $3, $4)
   ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
);

function userIdOf(data: SessionData): string | null {
  const user = (data as { passport?: { user?: unknown } }).passport?.user;
  return typeof user === 'string' ? user : null;
}

/** Sessions persisted in the `sessions` table; a session read is a session kept alive. */
export class PgSessionStore extends session.Store {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    super();
  }

  // Counted from ctx.clock, not from the cookie's `expires` (express-session sets that from the wall
  // clock), so that tests moving a ManualClock days ahead see the same idle rule as production.
  private expiry(data: SessionData): Date {
    const maxAge = data.cookie?.originalMaxAge;
    return new Date(this.clock.now().getTime() + (typeof maxAge === 'number' ? maxAge : DEFAULT_TTL_MS));
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.db.maybeOne<{ data: SessionData }>(READ, [sid, this.clock.now()]).then((row) => callback(undefined, row ? row.data : null), callback);
  }

  override set(sid: string, data: SessionData, callback: Callback = () => {}): void {
    this.db.query(WRITE, [sid, userIdOf(data), JSON.stringify(data), this.expiry(data)]).then(() => callback(), callback);
  }

  // No `touch`: reading the session already moved its expiry on (READ above). Without the method
  // express-session answers an unchanged session's request at once instead of writing it first.

  override destroy(sid: string, callback: Callback = () => {}): void {
    this.db.query('DELETE FROM sessions WHERE sid = $1', [sid]).then(() => callback(), callback);
  }

  /** Ends every session of a user (optionally but one) and returns the ended session ids. */
  async destroyForUser(userId: string, exceptSid?: string): Promise<string[]> {
    const rows = await this.db.query<{ sid: string }>('DELETE FROM sessions WHERE user_id = $1 AND sid IS DISTINCT FROM $2 RETURNING sid', [
      userId,
      exceptSid ?? null,
    ]);
    return rows.map((r) => r.sid);
  }

  /** Deletes expired sessions; run periodically by the maintenance job. */
  async prune(): Promise<number> {
    const rows = await this.db.query('DELETE FROM sessions WHERE expires_at <= $1 RETURNING sid', [this.clock.now()]);
    if (rows.length) logger.debug('expired sessions pruned', { count: rows.length });
    return rows.length;
  }
}
