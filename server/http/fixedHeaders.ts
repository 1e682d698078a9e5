/**
 * A middleware whose headers never depend on the request (helmet with our options: no directive computed per
 * request), set by one loop: its header calls are taken from one run at start and repeated on every answer,
 * in their order, rather than through its chain of a dozen middlewares on each request.
 */
import type { Request, RequestHandler, Response } from 'express';

/** `middleware`'s setHeader/removeHeader calls, taken once, as a middleware that makes them on every answer. */
export function fixedHeaders(middleware: RequestHandler): RequestHandler {
  const calls: { name: string; value?: string }[] = [];
  const probe = {
    setHeader(name: string, value: string) {
      calls.push({ name, value });
    },
    removeHeader(name: string) {
      calls.push({ name });
    },
  };
  let passed = false;
  void middleware({} as Request, probe as unknown as Response, (err?: unknown) => {
    if (err) throw err instanceof Error ? err : new Error(String(err));
    passed = true;
  });
  // A middleware that waits for something, or reads the request, is not one to take once.
  if (!passed) throw new Error('fixedHeaders: the middleware did not pass on at once');
  return (_req, res, next) => {
    for (const { name, value } of calls) {
      if (value === undefined) res.removeHeader(name);
      else res.setHeader(name, value);
    }
    next();
  };
}
