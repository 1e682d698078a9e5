/**
 * Odd input on every field of every route, generated from the routes' own schemas (test/schemaFields.ts):
 * a NUL byte (which PostgreSQL cannot store and used to answer 500 on nine routes) and a value of the
 * wrong type (which used to be called "obligatorio").
 */
import { DEMO, getTestServer, type TestServer } from '../support';
import { parseInput } from '../../server/http/validate';
import { ValidationFailed } from '../../server/errors';
import { wrongTypeMessage } from '../../shared/validation/wrongType';
import { bodyWith, fieldsOf, routesWithInput, type FieldType } from '../schemaFields';

const NUL_TEXT = 'Lo que pasó\u0000 en la vereda';

describe('Odd input on every field of every route', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("When a NUL byte is sent in any text field of any route (body or query), Then the answer is 400 naming that field, in the reader's language", async () => {
    const client = await server.client('es');
    const problems: string[] = [];
    let tried = 0;
    for (const route of routesWithInput()) {
      for (const [where, schema] of [
        ['body', route.body],
        ['query', route.query],
      ] as const) {
        if (!schema) continue;
        for (const field of fieldsOf(schema).filter((f) => f.types.includes('string'))) {
          const name = field.path.join('.');
          const res =
            where === 'body'
              ? await client.send(route.method as 'post' | 'put' | 'patch', route.path, bodyWith(field.path, NUL_TEXT))
              : await client.get(`${route.path}?${encodeURIComponent(name)}=${encodeURIComponent(NUL_TEXT)}`);
          tried += 1;
          const named = (res.body?.error?.fields ?? []).find((f: { field: string }) => f.field === name);
          if (res.status !== 400 || !named?.message.includes('no se puede guardar')) {
            problems.push(`${route.method.toUpperCase()} ${route.path} ${where} ${name}: ${res.status} ${JSON.stringify(res.body?.error ?? res.body)}`);
          }
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it('When a NUL byte reaches a route in the address itself, Then it is 400 too, not a database error', async () => {
    const client = await server.client('en');
    const res = await client.get('/api/track/CES-2026-%00');
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'path', message: expect.stringContaining('cannot be stored') }]);
  });

  it('When a complainant and an admin send a NUL byte where it answered 500 (a profile, a company name), Then they get 400 in their own language and nothing changes', async () => {
    const complainant = await server.loginAs(DEMO.complainant);
    const before = (await complainant.get('/api/me')).body;
    const profile = await complainant.put('/api/me', { displayName: 'María\u0000' });
    expect(profile.status).toBe(400);
    expect(profile.body.error.fields).toEqual([{ field: 'displayName', message: expect.stringContaining('no se puede guardar') }]);
    expect((await complainant.get('/api/me')).body).toEqual(before);

    const admin = await server.loginAs(DEMO.admin);
    const mechanism = await server.db.one<{ id: string }>('SELECT id FROM mechanisms ORDER BY created_at LIMIT 1');
    const companies = await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM companies');
    const company = await admin.post(`/api/admin/mechanisms/${mechanism.id}/companies`, { name: 'Minera\u0000 Nueva', slug: 'minera-nueva' });
    expect(company.status).toBe(400);
    expect(company.body.error.fields).toEqual([{ field: 'name', message: expect.stringContaining('no se puede guardar') }]);
    expect((await server.db.one<{ n: number }>('SELECT count(*)::int AS n FROM companies')).n).toBe(companies.n);
  });

  it('When any field of any route gets a value of the wrong type, Then it is named with what the field takes, never as required', () => {
    const wrongValue: Record<FieldType, unknown> = { string: 42, number: 'cuarenta', integer: 'cuarenta', boolean: 'sí', array: 'uno', object: 'uno' };
    const problems: string[] = [];
    let tried = 0;
    for (const route of routesWithInput()) {
      if (!route.body) continue;
      // A field inside a choice of shapes is judged with the whole choice ("none of the shapes fits").
      for (const field of fieldsOf(route.body).filter((f) => f.types.length === 1 && !f.inChoice)) {
        const type = field.types[0]!;
        const name = field.path.join('.');
        let reported: { field: string; messageKey: string }[] = [];
        try {
          parseInput(route.body, bodyWith(field.path, wrongValue[type]));
        } catch (err) {
          if (!(err instanceof ValidationFailed)) throw err;
          reported = err.fields;
        }
        tried += 1;
        const about = reported.filter((p) => p.field === name);
        const expected = wrongTypeMessage(type === 'integer' ? 'number' : type);
        // Fields with a fixed list of values (enums, consents) name the values instead: also fine, as
        // long as nothing calls a field that is there "required".
        const wrong = about.some(
          (p) => p.messageKey === 'validation.required' || (p.messageKey.startsWith('validation.expected_') && p.messageKey !== expected),
        );
        if (about.length === 0 || wrong) problems.push(`${route.method} ${route.path} ${name} (${type}): ${JSON.stringify(about)}`);
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect(problems).toEqual([]);
  });

  it("When a client sends a number as a name, Then the API says a text was expected, in the reader's language", async () => {
    const complainant = await server.loginAs(DEMO.complainant);
    const res = await complainant.put('/api/me', { displayName: 42 });
    expect(res.status).toBe(400);
    expect(res.body.error.fields).toEqual([{ field: 'displayName', message: 'Este campo lleva un texto, y llegó otro tipo de valor.' }]);
    const missing = await (await server.client('en')).post('/api/session', { password: 'x' });
    expect(missing.body.error.fields).toEqual([{ field: 'email', message: 'This field is required.' }]);
  });
});
