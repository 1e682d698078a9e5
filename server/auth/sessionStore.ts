/**
 * express-session's store on our database (embedded or server alike). The user id is kept in its own
 * column so every session of a person can be ended at once (logout everywhere, deactivation).
 */
import type { Request } from 'express';
import session, { type SessionData } from 'express-session';
import { namedStatement, type Database } from '../db/database';
import { StatementBatcher, type BatchStats } from '../db/statementBatcher';
import type { Clock } from '../clock';
import { logger } from '../logger';
import { SELECT_USER, sessionDigestOf, type UserRecord } from '../repositories/users';

type Callback<T = void> = (err?: unknown, value?: T) => void;

// Sessions end after 12 hours without activity; a shared phone in a community should not stay logged in.
// The server keeps that rule (the cookie itself lasts as long as the browser): a session cookie that rolled
// with every answer let a late answer to a request sent before a log-in put the old cookie back (app.ts).
const SESSION_IDLE_MS = 12 * 60 * 60 * 1000;

// A session read moves its idle expiry on (SESSION_IDLE_MS from now; a session made with a cookie age of
// its own, that age), but writes the row only when its last move is over a minute old: an UPDATE that
// changes a row waits for the WAL's flush to disk (~4.6 ms on our server, more than the rest of the read),
// and most requests come within a minute of the one before. The idle rule thereby ends a session between 12 hours minus a minute and 12 hours
// after its last request, never later.
const TOUCH_AFTER_MS = 60 * 1000;

// How long a session replaced at a log-in or log-out waits for requests sent before it (a 2G request can take
// that long) unless one of them reads it. RETIRE keeps of it only its cookie and CSRF token: nobody, following
// no case; read again, it lives on as any visitor's session does, with nothing in it.
const RETIRED_MS = 2 * 60 * 1000;
const RETIRE = `UPDATE sessions SET user_id = NULL, expires_at = LEAST(expires_at, $2),
  data = jsonb_strip_nulls(jsonb_build_object('cookie', data->'cookie', 'csrfToken', data->'csrfToken'))
  WHERE sid = $1`;

// Beside each session read: the digest of the session and its user as read (SESSION_DIGEST), and until when
// a read would touch nothing (its expiry, as this read left it, less the session's age, plus a minute): until
// then a post may check the session in its own statement instead of reading it first (recentSession).
// The digest from the user the read's own join found (`u`), not a second read of it.
const READ_FACTS = `${sessionDigestOf('to_json(u)')} AS digest,
  CASE WHEN s.expires_at < s.renewed - ${TOUCH_AFTER_MS} * interval '1 millisecond' THEN s.renewed ELSE s.expires_at END
    - (s.renewed - s.now) + ${TOUCH_AFTER_MS} * interval '1 millisecond' AS "freshUntil"`;

// Every request with a cookie reads its session and then its user: kept prepared on each connection, and
// one statement for both (the user passport would read next, `findUserById`'s columns, as JSON).
const READ = namedStatement(
  'session_user_read',
  `WITH s AS (
     SELECT sid, user_id, data, expires_at, $2::timestamptz AS now,
            $2::timestamptz + coalesce((data->'cookie'->>'originalMaxAge')::bigint, ${SESSION_IDLE_MS}) * interval '1 millisecond' AS renewed
     FROM sessions WHERE sid = $1 AND expires_at > $2
   ), touched AS (
     UPDATE sessions t SET expires_at = s.renewed FROM s
     WHERE t.sid = s.sid AND s.expires_at < s.renewed - ${TOUCH_AFTER_MS} * interval '1 millisecond'
   )
   SELECT s.data, s.user_id AS "userId", to_json(u) AS "user", ${READ_FACTS}
   FROM s LEFT JOIN LATERAL (${SELECT_USER} WHERE u.id = s.user_id) u ON true`,
);
// Concurrent requests' reads in one statement (SessionBatcher below): each read a row of $1 with its place
// `i`, answered in its own row in that order (no session: nulls), the touch as READ's for each session
// read. The same session asked twice in one batch is read once and touched once, with the later expiry.
const READS = namedStatement(
  'session_user_reads',
  `WITH q AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS q(i int, sid text, now timestamptz)),
   s AS (
     SELECT q.i, t.sid, t.user_id, t.data, t.expires_at, q.now,
            q.now + coalesce((t.data->'cookie'->>'originalMaxAge')::bigint, ${SESSION_IDLE_MS}) * interval '1 millisecond' AS renewed
     FROM q JOIN sessions t ON t.sid = q.sid AND t.expires_at > q.now
   ), touched AS (
     UPDATE sessions t SET expires_at = r.renewed
     FROM (SELECT sid, min(expires_at) AS expires_at, max(renewed) AS renewed FROM s GROUP BY sid) r
     WHERE t.sid = r.sid AND r.expires_at < r.renewed - ${TOUCH_AFTER_MS} * interval '1 millisecond'
   )
   SELECT s.data, s.user_id AS "userId", to_json(u) AS "user", ${READ_FACTS}
   FROM q LEFT JOIN s ON s.i = q.i LEFT JOIN LATERAL (${SELECT_USER} WHERE u.id = s.user_id) u ON true
   ORDER BY q.i`,
);
const WRITE = namedStatement(
  'session_write',
  `INSERT INTO sessions (sid, user_id, data, expires_at) VALUES ($1, $2, $3, $4)
   ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
);

// Concurrent requests' writes in one statement and one commit: each session once (the last write of it in
// the batch, as when they ran one after another), inserted in `sid` order so that two servers' batches
// take the rows' locks in one order.
const WRITES = namedStatement(
  'session_writes',
  `INSERT INTO sessions (sid, user_id, data, expires_at)
   SELECT w.sid, w.user_id, w.data, w.expires_at
   FROM jsonb_to_recordset($1::jsonb) AS w(sid text, user_id uuid, data jsonb, expires_at timestamptz)
   ORDER BY w.sid
   ON CONFLICT (sid) DO UPDATE SET user_id = EXCLUDED.user_id, data = EXCLUDED.data, expires_at = EXCLUDED.expires_at`,
);

function userIdOf(data: SessionData): string | null {
  const user = (data as { passport?: { user?: unknown } }).passport?.user;
  return typeof user === 'string' ? user : null;
}

/** A session read's row: the data (null in a batch's answer when there is no such live session), its user and READ_FACTS. */
interface ReadRow {
  data: SessionData | null;
  userId: string | null;
  user: UserRecord | null;
  digest: string;
  freshUntil: Date;
}
interface SessionRead {
  sid: string;
  now: Date;
}
/** A session's row as written, its data as JSON when it was asked for (the request may go on changing it). */
export interface SessionWrite {
  sid: string;
  userId: string | null;
  json: string;
  expiresAt: Date;
}

/**
 * A session as this server last read it, in force (no read would write it before `freshUntil`), with the
 * digest a statement compares to know it is still exactly that (SESSION_DIGEST): what a request would find
 * of it, without reading it.
 */
export interface RecentSession {
  sid: string;
  digest: string;
  /** The logged-in user's id (passport's, in the data), or null. */
  userId: string | null;
  /** That account as read with the session (sealed; null when there is none). */
  user: UserRecord | null;
  trackedCaseIds: string[];
  csrfToken: string | undefined;
  freshUntil: Date;
  /**
   * A visitor's session (no user): its data as JSON, exactly as read or as this server last wrote it (a
   * filing's statement: `rememberFiled`). A statement checks such a session by its data (`data = json`), one
   * whose digest this server does not know after writing it; null for a logged-in session (its digest).
   */
  json: string | null;
  /**
   * A visitor's data as the object `json` was made from, when this server wrote it (`rememberFiled`): only
   * read, never changed, so that the next filing need not parse `json` again.
   */
  data?: Readonly<SessionData>;
}
const READ_WITH = Symbol('what the session read found beside the data');
// Sessions read lately, by the Cookie header that named them (express-session found the sid in it): the
// same header names the same session, so no cookie is parsed or its signature checked again.
const RECENT_MAX = 5000;

/** A session row as one element of a JSON array for `jsonb_to_recordset` (the store's batched writes, a filing's). */
export function sessionRowJson(w: SessionWrite): string {
  return `{"sid":${JSON.stringify(w.sid)},"user_id":${JSON.stringify(w.userId)},"expires_at":"${w.expiresAt.toISOString()}","data":${w.json}}`;
}

// What a statement other than the store's wrote of a request's session (a visitor's filing: tracking.ts): its
// JSON, or GONE when that statement found the session ended (then nothing of this request writes it again).
const GONE = Symbol('session ended before it was written');

/** Sessions persisted in the `sessions` table; a session read is a session kept alive. */
export class PgSessionStore extends session.Store {
  // Per request, gone with it: what the session read found of the session's user.
  private readonly usersRead = new WeakMap<object, { id: string; user: UserRecord | null }>();
  private readonly recent = new Map<string, RecentSession>();
  // Sessions as read from the store (not made in this request), and what another statement wrote of them.
  private readonly readFromStore = new WeakSet<object>();
  private readonly elsewhere = new WeakMap<object, string | typeof GONE>();
  // The recent entry each session read made (rememberRecent), by the request's session object.
  private readonly recentRead = new WeakMap<object, RecentSession>();

  // Every request with a cookie reads its session, and a request that changed it writes it: concurrent
  // requests share one statement of each (the first alone, at once: a single request waits no longer).
  private readonly reads: StatementBatcher<SessionRead, ReadRow | undefined>;
  private readonly writes: StatementBatcher<SessionWrite, void>;
  // Settles once every write asked for so far has been written or has failed (destroy waits for it).
  private lastWrite: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {
    super();
    this.reads = new StatementBatcher(
      'session read',
      async (asked) => {
        const rows = await db.query<ReadRow>(READS, [JSON.stringify(asked.map((a, i) => ({ i, sid: a.sid, now: a.now.toISOString() })))]);
        return rows.map((row) => (row.data === null ? undefined : row));
      },
      (a) => db.maybeOne<ReadRow>(READ, [a.sid, a.now]),
    );
    this.writes = new StatementBatcher(
      'session write',
      async (written) => {
        // The last write of each session, as when they ran one after another.
        const last = new Map(written.map((w) => [w.sid, w]));
        await db.query(WRITES, [`[${[...last.values()].map(sessionRowJson).join(',')}]`]);
        return written.map(() => undefined);
      },
      async (w) => {
        await db.query(WRITE, [w.sid, w.userId, w.json, w.expiresAt]);
      },
    );
  }

  /** Statements of session reads and writes, the requests they carried and how many wait now (bench and tests). */
  batchStats(): Record<'reads' | 'writes', Readonly<BatchStats & { waiting: number }>> {
    return {
      reads: { ...this.reads.stats, waiting: this.reads.waitingCount },
      writes: { ...this.writes.stats, waiting: this.writes.waitingCount },
    };
  }

  // Counted from ctx.clock, not from the cookie's `expires` (express-session sets that from the wall
  // clock), so that tests moving a ManualClock days ahead see the same idle rule as production.
  private expiry(data: SessionData): Date {
    const maxAge = data.cookie?.originalMaxAge;
    return new Date(this.clock.now().getTime() + (typeof maxAge === 'number' ? maxAge : SESSION_IDLE_MS));
  }

  override get(sid: string, callback: Callback<SessionData | null>): void {
    this.reads.run({ sid, now: this.clock.now() }).then((row) => {
      if (!row?.data) return callback(undefined, null);
      // Beside the data, not in it: express-session copies and hashes only the data's own enumerable keys.
      Object.defineProperty(row.data, READ_WITH, { value: row });
      callback(undefined, row.data);
    }, callback);
  }

  override createSession(req: Request, data: SessionData): session.Session & SessionData {
    const read = (data as SessionData & { [READ_WITH]?: ReadRow })[READ_WITH];
    if (read?.userId != null) this.usersRead.set(req, { id: read.userId, user: read.user });
    // Before the request changes anything in it: the session as read.
    const recent = read && req.headers.cookie ? this.rememberRecent(req.headers.cookie, req.sessionID, data, read) : undefined;
    const made = super.createSession(req, data);
    this.readFromStore.add(made);
    if (recent) this.recentRead.set(made, recent);
    return made;
  }

  /**
   * The row `session` (a request's, read from the store) would be written as now, for a statement of its
   * own to write (a visitor's filing, in its own statement: tracking.ts); undefined for a session made in
   * this request, which has no row to update.
   */
  rowOf(sid: string, session: session.Session & Partial<SessionData>): SessionWrite | undefined {
    if (!this.readFromStore.has(session)) return undefined;
    return this.rowWith(sid, session);
  }

  /** The row session `sid` is written as with `data` (as `set` writes it). */
  rowWith(sid: string, data: SessionData): SessionWrite {
    return { sid, userId: userIdOf(data), json: JSON.stringify(data), expiresAt: this.expiry(data) };
  }

  /**
   * Tells the store that another statement wrote `session` as `row` (`found`), or found it ended (not
   * found): the request's own write of the same data is then answered at once without a statement, and an
   * ended session is never written back by this request.
   */
  markWrittenElsewhere(req: Request, session: object, row: SessionWrite, found: boolean): void {
    this.elsewhere.set(session, found ? row.json : GONE);
    // The session as this request read it, now as written: the next filing by it need not read it.
    const recent = this.recentRead.get(session);
    if (found && recent) this.rememberFiled(req, recent, row);
  }

  private rememberRecent(cookie: string, sid: string, data: SessionData, read: ReadRow): RecentSession {
    const userId = userIdOf(data);
    this.recent.delete(cookie);
    const recent: RecentSession = {
      sid,
      digest: read.digest,
      userId,
      user: userId !== null && userId === read.userId ? read.user : null,
      trackedCaseIds: [...(data.trackedCaseIds ?? [])],
      csrfToken: data.csrfToken,
      freshUntil: new Date(read.freshUntil),
      json: userId === null && read.userId === null ? JSON.stringify(data) : null,
    };
    this.recent.set(cookie, recent);
    if (this.recent.size > RECENT_MAX) this.recent.delete(this.recent.keys().next().value!);
    return recent;
  }

  /**
   * A visitor's session `recent`, which request `req` found by its cookie, written by a filing's own statement
   * as `row`: remembered as written, so that the visitor's next filing is checked against what this one left
   * (still only until the read's `freshUntil`). Left alone if the entry was replaced meanwhile. `written`: the
   * data the row's JSON was made from, when the caller has it (then not parsed again).
   */
  rememberFiled(req: Request, recent: RecentSession, row: SessionWrite, written?: SessionData): void {
    const cookie = req.headers.cookie;
    if (cookie === undefined || recent.json === null || this.recent.get(cookie) !== recent) return;
    // Everything remembered from the row as written (what the next filing's statement checks), nothing from the read.
    const data = written ?? (JSON.parse(row.json) as SessionData);
    if (row.userId !== null || userIdOf(data) !== null) return void this.recent.delete(cookie);
    this.recent.set(cookie, { ...recent, trackedCaseIds: data.trackedCaseIds ?? [], csrfToken: data.csrfToken, json: row.json, digest: '', data });
  }

  /** Forgets the session `req`'s cookie names: its next request reads it (a session changed in a way not remembered). */
  forgetRecent(req: Request): void {
    if (req.headers.cookie !== undefined) this.recent.delete(req.headers.cookie);
  }

  /**
   * Writes a session's row as express-session's save would (`set`: the batched upsert), for a request that
   * changed its session without express-session (intakeRoutes' recent-session path).
   */
  writeRow(row: SessionWrite): Promise<void> {
    const written = this.writes.run(row);
    this.lastWrite = written.catch(() => undefined);
    return written;
  }

  /**
   * The session this request's cookie names as this server read it within the last minute, while a read
   * of it would write nothing; undefined otherwise. Nothing here is verified: a request acting on it must
   * write only if the session row is still that digest and unexpired (repositories/messages, `session`),
   * and take the usual path (the session's read) when it is not.
   */
  recentSession(req: Request): RecentSession | undefined {
    const cookie = req.headers.cookie;
    const recent = cookie === undefined ? undefined : this.recent.get(cookie);
    return recent && this.clock.now() <= recent.freshUntil ? recent : undefined;
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
    const json = JSON.stringify(data);
    // Already written as it is now (by its filing's statement), or found ended there: nothing to write.
    // Answered at once, so express-session ends the answer in one write instead of two.
    const elsewhere = this.elsewhere.get(data);
    if (elsewhere === GONE || elsewhere === json) return callback();
    const written = this.writes.run({ sid, userId: userIdOf(data), json, expiresAt: this.expiry(data) });
    this.lastWrite = written.catch(() => undefined);
    written.then(() => callback(), callback);
  }

  // No `touch`: reading the session already moved its expiry on when due (READ above). Without the method
  // express-session answers an unchanged session's request at once instead of writing it first.

  override destroy(sid: string, callback: Callback = () => {}): void {
    // After every write asked for before it (which may still wait for its batch): one never brings back a
    // session ended after it was asked for.
    this.lastWrite.then(() => this.db.query('DELETE FROM sessions WHERE sid = $1', [sid])).then(() => callback(), callback);
  }

  /**
   * A log-in or log-out gives the request a new session (passport regenerates it: a session id fixed before
   * a log-in is worthless after it). The old session is not deleted but *retired*: its user taken out and
   * emptied (RETIRE). On a slow signal, requests sent with the old cookie (a list, the worker's copy
   * of the session) can reach the server after the log-in; finding their session gone, express-session made
   * them a new one, whose cookie, arriving last, replaced the log-in's: the person was logged out again.
   * A retired session answers them as nobody, without a new session or a cookie.
   */
  override regenerate(req: Request, callback: Callback): void {
    const sid = req.sessionID;
    const retireBy = new Date(this.clock.now().getTime() + RETIRED_MS);
    this.lastWrite
      .then(() => this.db.query(RETIRE, [sid, retireBy]))
      .then(
        () => {
          (this as unknown as { generate: (r: Request) => void }).generate(req);
          callback();
        },
        (err: unknown) => callback(err),
      );
  }

  /** Ends every session of a user (optionally but one) and returns the ended session ids. */
  async destroyForUser(userId: string, exceptSid?: string): Promise<string[]> {
    await this.lastWrite;
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
