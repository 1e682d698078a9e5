/** A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package), recording what it receives. */
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { getTestServer, type TestServer } from '../support';

/** A message as the server received it. */
export interface ReceivedMail {
  to: string[];
  raw: string;
}

/** The message as a person reads it: quoted-printable soft breaks joined and =XX bytes decoded as UTF-8. */
export function readable(raw: string): string {
  const joined = raw.replace(/=\r?\n/g, '');
  return Buffer.from(
    joined.replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  ).toString('utf8');
}

/** A test SMTP server that can be stopped and started again on the same port. */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;
  /** When set, every message is refused with this SMTP code (e.g. 550 for a permanent failure). */
  refuseWith: number | undefined;
  /** A slow mail server: how long it takes to accept each message once received. */
  delayMs = 0;

  /** Forgets what arrived and accepts messages again (between tests). */
  reset(): void {
    this.received.length = 0;
    this.refuseWith = undefined;
    this.delayMs = 0;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const answer = () => {
            if (this.refuseWith) {
              const err = Object.assign(new Error('refused by test'), { responseCode: this.refuseWith });
              return callback(err);
            }
            this.received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
            callback();
          };
          if (this.delayMs > 0) setTimeout(answer, this.delayMs);
          else answer();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The URL nodemailer should use. */
  get url(): string {
    return `smtp://127.0.0.1:${this.port}/?ignoreTLS=true`;
  }
}

/**
 * A describe's mail set-up: before its tests an SMTP server, then a Puente server on the demo data that
 * sends to it with links to `publicUrl`, handed to `ready`; after them both stopped. Returns the SMTP server.
 */
export function onMailingServer(ready: (server: TestServer) => void, publicUrl = 'http://puente.example.org'): TestSmtpServer {
  const smtp = new TestSmtpServer();
  let server: TestServer | undefined;
  beforeAll(async () => {
    await smtp.start();
    server = await getTestServer({ config: { smtpUrl: smtp.url, publicUrl } });
    ready(server);
  });
  afterAll(async () => {
    await server?.close();
    await smtp.stop();
  });
  return smtp;
}
