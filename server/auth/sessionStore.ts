/**
 * express-session's store on our database (embedded or server alike). The user id is kept in its own
 * column so every session of a person can be ended at once (logout everywhere, deactivation).
 */
import type { Request } from 'express';
import session, { type SessionData } from 'express-session';
import { namedStatement, type Database } from '../db/database';
import type { Clock } from '../clock';
import { logger } from '../logger';
import { SELECT_USER, type UserRecord } from '../repositories/users';

type Callback<T = void> = (err?: unknown, value?: T) => void;

// Sessions end after 12 hours without activity; a shared phone in a community should not stay logged in.
// The server keeps that rule (the cookie itself lasts as long as the browser): a session cookie that rolled
// with every answer let a late answer to a request sent before a log-in put the old cookie back (app.ts).
const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

// A session read moves its idle expiry on (SESSION_IDLE_MS from now; a session made with a cookie age of its own, that age), but writes the
// row only when its last move is over a minute old: an UPDATE that changes a row waits for the WAL's flush
// to disk (~4.6 ms on our server, more than the rest of the read), and most requests come within a minute
// of the one before. The idle rule thereby ends a session between 12 hours minus a minute and 12 hours
// after its last request, never later.
const TOUCH_AFTER_MS = 60 * 1000;

// Every request with a cookie reads its session and then its user: kept prepared on each connection, and
// one statement for both (the user passport would read next, `findUserById`'s columns, as JSON).
const READ = namedStatement(
  'session_user_read',
  `WITH s AS (
     SELECT sid, user_id, data, expires_at,
            $2::timestamptz + coalesce((data->'cookie'->>'originalMaxAge')::bigint, ${SESSION_IDLE_MS}) * interval '1 millisecond' AS renewed
     FROM sessions WHERE sid = $1 AND expires_at > $2
   ), touched AS (
     UPDATE sessions t SET expires_at = s.renewed FROM s
     WHERE t.sid = s.sid AND s.expires_at < s.renewed - ${TOUCH_AFTER_MS} * interval '1 millisecond'
   )
   SELECT s.data, s.user_id AS "userId", to_json(u) AS "user"
   FROM s LEFT JOIN LATERAL (${SELECT_USER} WHERE u.id = s.user_id) u ON true`,
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

/** The user a session read found beside the session (sessions.user_id, and that account's row or null). */
interface UserRead {
  id: string;
  user: UserRecord | null;
}
const READ_WITH = Symbol('user read with the session');

/** Sessions persisted in the `sessions` table; a session read is a session kept alive. */
export class PgSessionStore extends session.Store {
  // Per request, gone with it: what the session read found of the session's user.
  private readonly usersRead = new WeakMap<object, UserRead>();

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
    return new Date(this.clock.now().getTime() + (typeof maxAge === 'number' ? maxAge : SESSION_IDLE_MS));
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.db.maybeOne<{ data: SessionData; userId: string | null; user: UserRecord | null }>(READ, [sid, this.clock.now()]).then((row) => {
      if (!row) return callback(undefined, null);
      // Beside the data, not in it: express-session copies and hashes only the data's own enumerable keys.
      if (row.userId !== null) Object.defineProperty(row.data, READ_WITH, { value: { id: row.userId, user: row.user } satisfies UserRead });
      callback(undefined, row.data);
    }, callback);
  }

  override createSession(req: Request, data: SessionData): session.Session & SessionData {
    const read = (data as SessionData & { [READ_WITH]?: UserRead })[READ_WITH];
    if (read) this.usersRead.set(req, read);
    return super.createSession(req, data);
  }

  /**
   * The account of user `id` as this request's session read found it (ciphertexts still sealed; null when
   * there is none), or undefined when the session read did not read that user (then read it yourself).
   */
  userReadWith(req: object, id: string): UserRecord | null | undefined {
    const read = this.usersRead.get(req);
    return read?.id === id ? read.user : undefined;
  }

  override set(sid: string, data: SessionData, callback: Callback = () => {}): void {
    this.db.query(WRITE, [sid, userIdOf(data), JSON.stringify(data), this.expiry(data)]).then(() => callback(), callback);
  }

  // No `touch`: reading the session already moved its expiry on when due (READ above). Without the method
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
