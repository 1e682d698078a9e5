import http from 'node:http';
import net from 'node:net';
import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { fixedHeaders } from './fixedHeaders';

/** A response not sent anywhere, with the header the app's Express would have removed already set. */
function answer(): Response {
  const res = new http.ServerResponse(new http.IncomingMessage(new net.Socket()));
  res.setHeader('X-Powered-By', 'Express');
  return res as unknown as Response;
}

/** The headers `middleware` leaves on a new answer, once it passes on. */
function headersAfter(middleware: RequestHandler): Record<string, unknown> {
  const res = answer();
  let passed = false;
  void middleware({} as Request, res, () => {
    passed = true;
  });
  expect(passed).toBe(true);
  return { ...res.getHeaders() };
}

describe('fixedHeaders', () => {
  it('When helmet is taken once, Then every answer gets exactly the headers helmet itself sets, X-Powered-By removed, the next answer too', () => {
    for (const https of [false, true]) {
      const options = {
        contentSecurityPolicy: { directives: { defaultSrc: ["'self'"], frameAncestors: ["'none'"], upgradeInsecureRequests: https ? [] : null } },
        strictTransportSecurity: https,
      };
      const fixed = fixedHeaders(helmet(options));
      const expected = headersAfter(helmet(options));
      expect(expected['content-security-policy']).toBeDefined();
      expect(expected['x-powered-by']).toBeUndefined();
      expect(headersAfter(fixed)).toEqual(expected);
      expect(headersAfter(fixed)).toEqual(expected);
    }
  });

  it('When a middleware does not pass on at once, Then it is refused at start', () => {
    expect(() => fixedHeaders(() => undefined)).toThrow(/did not pass on/);
  });
});
