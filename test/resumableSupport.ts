/** Speaking the tus protocol to a test server as a browser's tus-js-client does (cookies, CSRF header, language). */
import crypto from 'node:crypto';
import type request from 'supertest';
import type { TestClient } from './support';

/** The tus version both sides speak. */
export const TUS = '1.0.0';

/** A file's SHA-256, to compare what was sent with what is stored. */
export function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** `Upload-Metadata` naming the file as tus-js-client does. */
export function metadataFor(name: string): string {
  return `filename ${Buffer.from(name).toString('base64')},filetype ${Buffer.from('application/octet-stream').toString('base64')}`;
}

/** The CSRF token of the client's session (read like the app does at start). */
export async function csrfOf(client: TestClient): Promise<string> {
  return (await client.refreshSession()).body.csrfToken as string;
}

/** Collects a response body as bytes whatever its type. */
export function asBytes(req: request.Test): request.Test {
  return req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });
}

/** A tus client for one test client: create, ask the offset, send bytes, read the result. */
export function tusClient(client: TestClient, token: string) {
  const withHeaders = (req: request.Test) => req.set('Tus-Resumable', TUS).set('x-csrf-token', token).set('Accept-Language', client.language);
  return {
    create: (caseId: string, size: number, name = 'foto.jpg', query = '') =>
      withHeaders(client.agent.post(`/api/cases/${caseId}/attachments/uploads${query}`))
        .set('Upload-Length', String(size))
        .set('Upload-Metadata', metadataFor(name)),
    head: (url: string) => withHeaders(client.agent.head(url)),
    patch: (url: string, offset: number, bytes: Buffer) =>
      withHeaders(client.agent.patch(url)).set('Upload-Offset', String(offset)).set('Content-Type', 'application/offset+octet-stream').send(bytes),
    result: (url: string) => client.get(url),
    cancel: (url: string) => withHeaders(client.agent.delete(url)),
  };
}
