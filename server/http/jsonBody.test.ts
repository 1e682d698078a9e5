import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { leanJsonBody } from './jsonBody';

const LIMIT = 1024;

/** What a parser made of a request: the body it set, or the error it passed on (its type and status), and whether a later express.json found the body read. */
interface Outcome {
  body?: unknown;
  error?: { type: unknown; status: unknown };
  readAgain: boolean;
}

/** A server whose one route reports what `parser` made of each request, then what the usual express.json after it did. */
async function serverWith(parser: RequestHandler): Promise<{ url: string; outcomes: Outcome[]; close(): Promise<void> }> {
  const outcomes: Outcome[] = [];
  const app = express();
  app.post('/', parser, (req: Request, res: Response) => {
    const body = req.body as unknown;
    // A later parser (the API router's, after the filing's way ahead) must find the body read and keep it.
    void express.json({ limit: LIMIT })(req, res, (err?: unknown) => {
      outcomes.push({ body, readAgain: err !== undefined || req.body !== body });
      res.json({ ok: true });
    });
  });
  app.use((err: { type?: unknown; status?: unknown }, _req: Request, res: Response, _next: NextFunction) => {
    outcomes.push({ error: { type: err.type, status: err.status }, readAgain: false });
    if (!res.headersSent) res.status(Number(err.status) || 500).json({});
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    outcomes,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** A request as bytes on the wire: its headers (Content-Length from the body unless given) and its body. */
function send(url: string, headers: Record<string, string>, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { 'content-length': String(body.length), ...headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const cases: { name: string; headers: Record<string, string>; body: Buffer }[] = [
  { name: 'an object', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":1,"b":"ñandú"}') },
  { name: 'an array with a UTF-8 charset', headers: { 'content-type': 'application/json; charset=utf-8' }, body: Buffer.from(' \n[1,2]') },
  { name: 'a byte-order mark', headers: { 'content-type': 'application/json' }, body: Buffer.from('\ufeff{"a":true}') },
  { name: 'nothing', headers: { 'content-type': 'application/json' }, body: Buffer.alloc(0) },
  { name: 'a string (not strict JSON)', headers: { 'content-type': 'application/json' }, body: Buffer.from('"text"') },
  { name: 'a number after spaces', headers: { 'content-type': 'application/json' }, body: Buffer.from('  12') },
  { name: 'white space only', headers: { 'content-type': 'application/json' }, body: Buffer.from('   ') },
  { name: 'broken JSON', headers: { 'content-type': 'application/json' }, body: Buffer.from('{"a":') },
  {
    name: 'a broken UTF-8 sequence',
    headers: { 'content-type': 'application/json' },
    body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d]),
  },
  { name: 'a body over the limit', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ a: 'x'.repeat(LIMIT) })) },
  { name: 'a body at the limit', headers: { 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify({ a: 'x'.repeat(LIMIT - 8) })) },
  { name: 'a Latin-1 charset', headers: { 'content-type': 'application/json; charset=latin1' }, body: Buffer.from('{"a":1}') },
  { name: 'an upper-case type', headers: { 'content-type': 'Application/JSON' }, body: Buffer.from('{"a":1}') },
  { name: 'another type', headers: { 'content-type': 'text/plain' }, body: Buffer.from('{"a":1}') },
  { name: 'a gzipped body', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: zlib.gzipSync('{"a":1}') },
  { name: 'an unknown encoding', headers: { 'content-type': 'application/json', 'content-encoding': 'zip' }, body: Buffer.from('{"a":1}') },
];

describe('leanJsonBody', () => {
  it('When a body is plain JSON or anything else, Then the route gets the same body or the same error as from express.json, and a later express.json finds it read', async () => {
    const usual = await serverWith(express.json({ limit: LIMIT }));
    const lean = await serverWith(leanJsonBody(express.json({ limit: LIMIT }), LIMIT));
    try {
      for (const c of cases) {
        const statuses = [await send(usual.url, c.headers, c.body), await send(lean.url, c.headers, c.body)];
        expect({ case: c.name, status: statuses[1], outcome: lean.outcomes.at(-1) }).toEqual({
          case: c.name,
          status: statuses[0],
          outcome: usual.outcomes.at(-1),
        });
        expect(lean.outcomes.at(-1)!.readAgain).toBe(false);
      }
      // Each kind of answer was seen: bodies, `{}` for nothing, strict and syntax errors, 413, 415.
      const seen = usual.outcomes.map((o) => (o.error ? o.error.type : 'body'));
      expect(new Set(seen)).toEqual(new Set(['body', 'entity.parse.failed', 'entity.too.large', 'charset.unsupported', 'encoding.unsupported']));
      expect(usual.outcomes[3]!.body).toEqual({});
      expect(usual.outcomes[2]!.body).toEqual({ a: true });
    } finally {
      await usual.close();
      await lean.close();
    }
  });

  it('When the client goes away halfway through the body, Then the route gets raw-body’s aborted request', async () => {
    const lean = await serverWith(leanJsonBody(express.json({ limit: LIMIT }), LIMIT));
    try {
      const { port } = new URL(lean.url);
      const socket = net.connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{"a":');
      await new Promise((resolve) => setTimeout(resolve, 50));
      socket.destroy();
      for (let i = 0; i < 50 && lean.outcomes.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      expect(lean.outcomes).toEqual([{ error: { type: 'request.aborted', status: 400 }, readAgain: false }]);
    } finally {
      await lean.close();
    }
  });
});
