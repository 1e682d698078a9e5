/** Everything a request handler, command or job needs, built once per server (or per test). */
import type { Clock } from './clock';
import type { Config } from './config';
import type { FieldCipher } from './crypto/fieldCipher';
import type { Database } from './db/database';
import type { Mailer } from './mail/mailer';
import type { Realtime } from './realtime/realtime';
import type { PgSessionStore } from './auth/sessionStore';
import type { FileStorage } from './storage/fileStorage';
import type { ResumableStore } from './storage/resumableStore';

/** The server's dependencies, passed explicitly (no module-level singletons). */
export interface AppContext {
  config: Config;
  db: Database;
  clock: Clock;
  cipher: FieldCipher;
  sessions: PgSessionStore;
  realtime: Realtime;
  mailer: Mailer;
  /** Attachment bytes (local disk under DATA_DIR/uploads by default). */
  storage: FileStorage;
  /** Parts of resumable uploads until they are complete (local disk under DATA_DIR/resumable). */
  resumable: ResumableStore;
}
