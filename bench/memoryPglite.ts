/**
 * Helper of bench/memory.ts: opens the embedded database in `argv[2]` as the server does (same
 * extensions and settings, through connectDatabase), runs the queries of a case list and a summary,
 * writes the file `argv[3]` to say it is ready, and waits to be measured and stopped.
 */
import fs from 'node:fs';
import { connectDatabase } from '../server/db/connect';

async function main(): Promise<void> {
  const db = await connectDatabase({ kind: 'embedded', dataDir: process.argv[2]! });
  for (let i = 0; i < 3; i++) {
    await db.query('SELECT c.*, (SELECT count(*) FROM case_messages m WHERE m.case_id = c.id) AS messages FROM cases c ORDER BY created_at DESC LIMIT 50');
    await db.query('SELECT status, count(*) FROM cases GROUP BY status');
    await db.query('SELECT * FROM case_events ORDER BY id DESC LIMIT 200');
  }
  fs.writeFileSync(process.argv[3]!, 'ready');
  process.on('SIGTERM', () => void db.close().then(() => process.exit(0)));
  setInterval(() => undefined, 1 << 30);
}

void main();
