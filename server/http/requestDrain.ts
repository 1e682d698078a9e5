/**
 * The HTTP side of a graceful shutdown. Every request passes through here before Express: while the
 * server runs, each response is counted until it closes; once draining begins, requests still in
 * flight are left to finish (and their connections close after them, no keep-alive), while any new
 * request arriving on a kept-alive connection is answered 503 `shutting_down` with `Connection: close`
 * and `Retry-After`, so a load balancer or a phone retries elsewhere or later. New connections are
 * refused by `server.close()` itself.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { ErrorBody } from '../../shared/types/api';
import { languageFromHeader, translatorFor } from '../i18n';

/** Seconds a caller refused during a shutdown is told to wait: another instance, or this one restarted. */
const RETRY_AFTER_SECONDS = 5;

/** Counts requests in flight and refuses new ones once draining. */
export class RequestDrain {
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private whenEmpty: (() => void) | undefined;

  constructor(private readonly server: Server) {}

  /** Whether a shutdown has begun (readiness answers false from then on). */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests being answered now. */
  get size(): number {
    return this.inFlight.size;
  }

  /** Wraps the application's request listener. */
  listener(app: RequestListener): RequestListener {
    return (req: IncomingMessage, res: ServerResponse) => {
      if (this.draining) return refuse(req, res);
      this.inFlight.add(res);
      res.once('close', () => {
        this.inFlight.delete(res);
        if (!this.draining) return;
        // Its connection is idle now (or closing): let it go rather than wait for keep-alive to expire.
        setImmediate(() => this.server.closeIdleConnections());
        if (this.inFlight.size === 0) this.whenEmpty?.();
      });
      app(req, res);
    };
  }

  /** Starts draining: answers in flight will close their connections; new requests are refused. */
  begin(): void {
    this.draining = true;
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    this.server.closeIdleConnections();
  }

  /** Resolves true once every request in flight has been answered, or false after `ms`. */
  async settled(ms: number): Promise<boolean> {
    if (this.inFlight.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      new Promise<boolean>((resolve) => {
        this.whenEmpty = () => resolve(true);
      }),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), ms);
      }),
    ]);
    clearTimeout(timer);
    return done;
  }
}

function refuse(req: IncomingMessage, res: ServerResponse): void {
  const header = req.headers['accept-language'];
  const t = translatorFor(languageFromHeader(Array.isArray(header) ? header[0] : header));
  const body: ErrorBody = { error: { code: 'shutting_down', message: t('errors:shutting_down') } };
  res.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'Retry-After': String(RETRY_AFTER_SECONDS),
    Connection: 'close',
  });
  res.end(JSON.stringify(body));
}
