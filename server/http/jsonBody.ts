/**
 * The API's JSON body, read without body-parser's machinery for the common case of a hot route (the
 * filing's way ahead: intakeRoutes): `application/json` with no other parameter than a UTF-8 charset, no
 * content encoding, a length given and within the limit, the request not yet read. What body-parser would
 * make of such a request is made the same way: its body decoded as UTF-8 (a byte-order mark dropped, as
 * iconv-lite's decoder does), an empty body `{}`, strict JSON (an object or an array), a body that is not
 * refused with body-parser's error `type` (400 `entity.parse.failed`), an aborted request with
 * raw-body's. Anything else — another type or charset, a compressed or chunked body, one over the limit
 * (413 before reading) — is left to the parser given, which answers it as it always has.
 */
import { StringDecoder } from 'node:string_decoder';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** The content types read here; every other is body-parser's (type-is, content-type). */
const PLAIN_JSON = new Set(['application/json', 'application/json; charset=utf-8', 'application/json;charset=utf-8']);

const JSON_SPACE = ' \t\n\r';

/** An error as body-parser raises it (http-errors): the error handler reads its `type` and `status`. */
function bodyError(status: number, message: string, type: string, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { status, statusCode: status, expose: status < 500, type, ...extra });
}

/** body-parser's strict JSON parse: `{}` for nothing, an object or an array, else its `entity.parse.failed`. */
function parseStrict(body: string): unknown {
  if (body.length === 0) return {};
  // The first character after JSON's white space (RFC 7159: space, tab, line feed, carriage return).
  let at = 0;
  while (at < body.length && JSON_SPACE.includes(body[at]!)) at++;
  const first = body[at];
  if (first !== '{' && first !== '[') throw bodyError(400, 'strict violation', 'entity.parse.failed', { body });
  try {
    return JSON.parse(body) as unknown;
  } catch (err) {
    throw bodyError(400, (err as Error).message, 'entity.parse.failed', { body });
  }
}

/** Whether `req`'s body is of a content type read here (then never a form: no type-is needed to tell). */
export function isPlainJson(req: Request): boolean {
  return PLAIN_JSON.has(req.headers['content-type'] ?? '');
}

/**
 * One body being read, as raw-body reads it: decoded as it comes, its listeners removed when it ends or
 * fails. Listeners are bound methods, not closures (no per-request function to name under tsx).
 */
class BodyRead {
  private text = '';
  private received = 0;
  private done = false;
  private readonly decoder = new StringDecoder('utf8');
  private readonly onData = this.data.bind(this);
  private readonly onEnd = this.end.bind(this);
  private readonly onError = this.finish.bind(this);
  private readonly onAborted = this.aborted.bind(this);

  constructor(
    private readonly req: Request,
    private readonly expected: number,
    private readonly next: NextFunction,
  ) {
    req.on('data', this.onData);
    req.on('end', this.onEnd);
    req.on('error', this.onError);
    req.on('aborted', this.onAborted);
  }

  private data(chunk: Buffer): void {
    this.received += chunk.length;
    this.text += this.decoder.write(chunk);
  }

  private end(): void {
    this.text += this.decoder.end();
    const { expected, received } = this;
    if (received !== expected)
      this.finish(bodyError(400, 'request size did not match content length', 'request.size.invalid', { expected, length: expected, received }));
    else this.finish();
  }

  private aborted(): void {
    const { expected, received } = this;
    this.finish(bodyError(400, 'request aborted', 'request.aborted', { code: 'ECONNABORTED', expected, length: expected, received }));
  }

  private finish(err?: unknown): void {
    if (this.done) return;
    this.done = true;
    const req = this.req;
    req.removeListener('data', this.onData);
    req.removeListener('end', this.onEnd);
    req.removeListener('error', this.onError);
    req.removeListener('aborted', this.onAborted);
    if (err) {
      // As raw-body halts a request it refuses.
      req.unpipe();
      req.pause();
      return this.next(err);
    }
    const text = this.text;
    this.text = '';
    try {
      req.body = parseStrict(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (parseError) {
      return this.next(parseError);
    }
    this.next();
  }
}

/**
 * `parser` (the API's `express.json`, `limit` bytes) with the common case read here: same `req.body`, same
 * errors to `next`; the request read to its end either way, so a later `express.json` passes it by.
 */
export function leanJsonBody(parser: RequestHandler, limit: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    const headers = req.headers;
    const length = headers['content-length'];
    const common =
      length !== undefined &&
      headers['transfer-encoding'] === undefined &&
      headers['content-encoding'] === undefined &&
      isPlainJson(req) &&
      Number(length) <= limit &&
      req.readable &&
      req.readableEncoding === null;
    if (!common) return void parser(req, res, next);
    new BodyRead(req, Number(length), next);
  };
}
