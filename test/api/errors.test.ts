import { setLogSink } from '../../server/logger';
import { getTestServer, type TestServer } from '../support';

describe('Error answers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('When an /api route does not exist, Then the answer is a JSON 404 with a stable code', async () => {
    const client = await server.client('es');
    const res = await client.get('/api/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.body).toEqual({ error: { code: 'route_not_found', message: 'Esta dirección de la API no existe.' } });
  });

  it('When the body is not valid JSON, Then the answer is 400 malformed_json in the caller language', async () => {
    const client = await server.client('en');
    const res = await client.agent
      .post('/api/session')
      .set('Content-Type', 'application/json')
      .set('Accept-Language', 'en')
      .set('x-csrf-token', (await client.refreshSession()).body.csrfToken)
      .send('{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.error).toEqual({ code: 'malformed_json', message: 'The request could not be read: its content is not valid JSON.' });
  });

  it('When the body is too large, Then the answer is 413 and nothing is processed', async () => {
    const client = await server.client('es');
    const res = await client.post('/api/session', { email: 'x@y.co', password: 'p'.repeat(300_000) });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('When something unexpected breaks, Then the caller gets a generic 500 and the log has the context', async () => {
    const lines: string[] = [];
    const previous = setLogSink((line) => lines.push(line));
    try {
      // A real failure, not a mock: the table the route reads is gone.
      await server.db.query('ALTER TABLE companies RENAME TO companies_gone');
      const client = await server.client('es');
      const res = await client.get('/api/mechanism');
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ error: { code: 'internal', message: expect.stringContaining('error inesperado') } });
      expect(JSON.stringify(res.body)).not.toMatch(/companies|relation|stack/);
      const logged = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unexpected error');
      expect(logged).toMatchObject({ level: 'error', method: 'GET', path: '/api/mechanism', err: { message: expect.stringContaining('companies') } });
    } finally {
      setLogSink(previous);
      await server.db.query('ALTER TABLE companies_gone RENAME TO companies');
    }
  });

  it('When the database answers, Then the health check says so', async () => {
    const client = await server.client();
    const res = await client.get('/api/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
  });
});
