/**
 * How `npm run admin -- backup` gets a copy of the embedded database while the server runs. PGlite
 * has no lock of its own and the running server holds its folder (DATA_DIR/pglite.lock): a second
 * process must never open it, and copying the folder's files under a live server gives a torn copy.
 * So the command asks the server, which takes the snapshot through its own handle, between two
 * transactions (EmbeddedDatabase.snapshot), and streams it back.
 *
 * The channel is HTTP on a Unix socket, DATA_DIR/control/admin.sock, in a folder only the server's
 * user may enter (0700): whoever can use it could read the database folder anyway, and nothing of it
 * is reachable over the network. One request: `POST /snapshot`, answered with one line of JSON (the
 * snapshot's header) followed by the gzip tarball.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { EmbeddedDatabase } from '../db/database';
import { logger } from '../logger';
import type { SnapshotContents } from './backupFormat';
import { takeSnapshot } from './snapshot';

/** What precedes the tarball in the answer. */
export interface SnapshotHeader {
  takenAt: string;
  bytes: number;
  sha256: string;
  contents: SnapshotContents;
}

/** The socket's path for a data folder. */
export function adminSocketPath(dataDir: string): string {
  return path.join(dataDir, 'control', 'admin.sock');
}

/** The server side: listens on the socket until `close()`. */
export class AdminChannel {
  private server: http.Server | undefined;

  constructor(
    private readonly db: EmbeddedDatabase,
    private readonly dataDir: string,
  ) {}

  /** Starts listening; a failure (a path too long for a Unix socket) is logged, and backups then need the server stopped. */
  async open(): Promise<void> {
    const socketPath = adminSocketPath(this.dataDir);
    fs.mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
    fs.chmodSync(path.dirname(socketPath), 0o700);
    // A socket file left by a process that died; this process holds the database lock, so it is ours to replace.
    fs.rmSync(socketPath, { force: true });
    const server = http.createServer((req, res) => void this.handle(req, res));
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(socketPath, () => resolve());
      });
    } catch (err) {
      logger.warn('the admin socket could not be opened; `admin backup` will need the server stopped', { err, socketPath });
      return;
    }
    this.server = server;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (req.method !== 'POST' || req.url !== '/snapshot') {
      res.writeHead(404).end();
      return;
    }
    try {
      const snapshot = await takeSnapshot(this.db);
      const header: SnapshotHeader = {
        takenAt: snapshot.takenAt.toISOString(),
        bytes: snapshot.data.length,
        sha256: snapshot.sha256,
        contents: snapshot.contents,
      };
      logger.info('database snapshot taken for a backup', { bytes: header.bytes, cases: header.contents.cases, files: header.contents.files.length });
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      res.write(`${JSON.stringify(header)}\n`);
      res.end(snapshot.data);
    } catch (err) {
      logger.error('database snapshot for a backup failed', { err });
      res.writeHead(500, { 'Content-Type': 'text/plain' }).end((err as Error).message ?? 'snapshot failed');
    }
  }

  /** Stops listening and removes the socket file. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(adminSocketPath(this.dataDir), { force: true });
  }
}

/**
 * The command's side: asks the server running on `dataDir` for a snapshot and writes its tarball to
 * `file`. Resolves undefined when no server listens there (the command may then open the database
 * itself); rejects when the server failed or the bytes did not arrive whole.
 */
export function requestSnapshot(dataDir: string, file: string): Promise<SnapshotHeader | undefined> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath: adminSocketPath(dataDir), method: 'POST', path: '/snapshot' }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => reject(new Error(`the server could not take the snapshot: ${text}`)));
        return;
      }
      let header: SnapshotHeader | undefined;
      let pending = Buffer.alloc(0);
      const hash = crypto.createHash('sha256');
      let written = 0;
      const out = fs.createWriteStream(file, { mode: 0o600 });
      const fail = (err: Error) => {
        res.destroy();
        out.destroy();
        reject(err);
      };
      out.on('error', fail);
      res.on('error', fail);
      const body = (chunk: Buffer) => {
        hash.update(chunk);
        written += chunk.length;
        if (!out.write(chunk)) {
          res.pause();
          out.once('drain', () => res.resume());
        }
      };
      res.on('data', (chunk: Buffer) => {
        if (header) return body(chunk);
        pending = Buffer.concat([pending, chunk]);
        const newline = pending.indexOf(0x0a);
        if (newline < 0) return;
        header = JSON.parse(pending.subarray(0, newline).toString('utf8')) as SnapshotHeader;
        body(pending.subarray(newline + 1));
      });
      res.on('end', () => {
        out.end(() => {
          const sha256 = hash.digest('hex');
          if (!header || written !== header.bytes || sha256 !== header.sha256) {
            reject(new Error('the snapshot did not arrive whole'));
            return;
          }
          resolve(header);
        });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => {
      // No socket, or nobody listening on it: no server runs on this folder.
      if (err.code === 'ENOENT' || err.code === 'ECONNREFUSED') resolve(undefined);
      else reject(err);
    });
    req.end();
  });
}
