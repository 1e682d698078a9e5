/**
 * The OpenAPI document cannot drift: every route registered in the Express app is in it (and nothing
 * else), Redocly's linter (recommended rules) finds nothing in it, and what the main routes really
 * answer parses with the documented zod schema.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEMO, getTestServer, type TestServer } from '../support';
import { registeredRoutes } from '../routeTable';
import { API_PREFIX, OPERATIONS, documentPath } from '../../server/routes/docs/openApi';
import { OPEN311_PREFIX } from '../../server/routes/open311/open311Routes';
import { documentedAnswerProblems } from '../responseShapes';

type Json = Record<string, unknown>;
type Document = {
  info: Json;
  servers: Json[];
  paths: Record<string, Record<string, Json>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
};

describe('OpenAPI document', () => {
  let server: TestServer;
  let document: Document;
  beforeAll(async () => {
    server = await getTestServer();
    document = (await (await server.client()).get('/api/openapi.json')).body as Document;
  });
  afterAll(async () => {
    await server.close();
  });

  it('When the app’s router is walked, Then every registered API route is documented and every documented route exists', () => {
    // Express writes a parameter `:id`, OpenAPI `{id}`.
    const registered = registeredRoutes(server.app.express)
      .map((r) => r.replace(/:([A-Za-z]+)/g, '{$1}'))
      .filter((r) => [API_PREFIX, OPEN311_PREFIX].some((prefix) => r.split(' ')[1]!.startsWith(`${prefix}/`)));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    // Sanity: the walk found the routers (a broken walk would find nothing and prove nothing).
    expect(registered.length).toBeGreaterThan(70);
    expect([...registered].sort()).toEqual([...documented].sort());
  });

  it('When Redocly lints the document with its recommended rules, Then it finds no error and no warning', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-openapi-'));
    try {
      const file = path.join(dir, 'openapi.json');
      fs.writeFileSync(file, JSON.stringify(document));
      // Redocly's CLI, run as `npx @redocly/cli lint` would: no telemetry, no update check (no network).
      const cli = require.resolve('@redocly/cli/bin/cli.js');
      const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--format=json', '--max-problems=1000'], {
        cwd: dir,
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
        maxBuffer: 64 * 1024 * 1024,
      }).catch((failure: { stdout?: string; stderr?: string }) => ({ stdout: failure.stdout ?? '', stderr: failure.stderr ?? '' }));
      const report = JSON.parse(run.stdout.slice(run.stdout.indexOf('{'))) as {
        totals: { errors: number; warnings: number };
        problems: { ruleId: string; message: string; location: { pointer: string }[] }[];
      };
      expect(report.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)).toEqual([]);
      expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('When every operation is read, Then each has its own operationId, and every write asks for the CSRF token', () => {
    const problems: string[] = [];
    const ids = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const at = `${method.toUpperCase()} ${path}`;
        if (typeof op.operationId !== 'string' || ids.has(op.operationId)) problems.push(`${at}: no operationId of its own`);
        ids.add(String(op.operationId));
        if (method !== 'get' && method !== 'head' && JSON.stringify(op.security) !== JSON.stringify([{ sessionCookie: [], csrfToken: [] }]))
          problems.push(`${at}: a write without the CSRF requirement`);
      }
    }
    expect(problems).toEqual([]);
    expect(document.info).toMatchObject({ license: { identifier: 'AGPL-3.0-or-later' } });
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
  });

  it('When an integrator looks for the dialogue’s files, Then ?for= on upload and attachmentIds on messages and reports are described', () => {
    const upload = document.paths['/api/cases/{id}/attachments']!.post!;
    expect(upload.parameters).toContainEqual({
      name: 'for',
      in: 'query',
      schema: expect.objectContaining({ enum: ['case', 'message', 'evidence'], default: 'case' }),
    });
    const bodyOf = (path: string) =>
      (document.paths[path]!.post!.requestBody as { content: Record<string, { schema: { properties: Json; required: string[] } }> }).content[
        'application/json'
      ]!.schema;
    for (const path of ['/api/cases/{id}/messages', '/api/cases/{id}/commitments/{commitmentId}/report']) {
      expect(bodyOf(path).properties.attachmentIds).toMatchObject({ type: 'array', maxItems: 5, items: { type: 'string', format: 'uuid' } });
      expect(bodyOf(path).required).not.toContain('attachmentIds');
    }
    expect(document.components.schemas.MessageDto!.required).toContain('attachments');
    // An officer granted other mechanisms names one by slug on every filtered oversight route.
    for (const path of ['/api/oversight/summary', '/api/oversight/scorecards', '/api/oversight/cases', '/api/oversight/export.csv']) {
      expect(document.paths[path]!.get!.parameters).toContainEqual(expect.objectContaining({ name: 'mechanism', in: 'query' }));
    }
    // The admin's e-mail list pages with ?before= and says how many there are in all.
    expect(document.paths['/api/admin/outbox']!.get!.parameters).toContainEqual(
      expect.objectContaining({ name: 'before', in: 'query', schema: expect.objectContaining({ type: 'string' }) }),
    );
    expect(document.components.schemas.OutboxList!.required).toEqual(['entries', 'total', 'nextCursor']);
    // The open-data feed is described with the record schema published in docs/schema.
    expect(document.paths['/open311/v2/requests.{format}']!.get!.parameters).toContainEqual(expect.objectContaining({ name: 'service_code', in: 'query' }));
    expect(document.components.schemas.Open311Request).toMatchObject({ title: 'Public grievance record, version 1', additionalProperties: false });
    expect(document.components.schemas.ErrorBody).toMatchObject({ required: ['error'], properties: { error: { required: ['code', 'message'] } } });
  });

  it('When every JSON GET of the document and a message post are called, Then each answer parses with its documented schema (no field missing, unknown or mistyped)', async () => {
    const visitor = await server.client();
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const admin = await server.loginAs(DEMO.admin);
    const cases = (await ombudsman.get('/api/cases')).body.cases as { id: string; status: string }[];
    // A case in dialogue, so a message can be posted to it.
    const caseId = cases.find((c) => c.status === 'in_dialogue')!.id;
    const mechanismId = (await admin.get('/api/session')).body.user.mechanismId as string;
    // Every JSON GET the document lists, with the demo's case and mechanism in its path: administration
    // as the admin, public pages as a visitor, the rest as the ombudsman (who sees every case); a new
    // route is checked as it comes.
    const fill: Record<string, string> = { id: caseId, mechanismId };
    const problems: string[] = [];
    const checked: string[] = [];
    for (const op of OPERATIONS) {
      const names = [...op.path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);
      if (op.method !== 'get' || op.answer.kind !== 'json' || !names.every((name) => name in fill)) continue;
      const client = op.access === 'role' ? admin : op.access === 'public' ? visitor : ombudsman;
      const res = await client.get(documentPath(op.path, op.base).replace(/\{([A-Za-z]+)\}/g, (_m, name: string) => fill[name]!));
      // Some answer 404 to these callers by design (a habeas export for no case of theirs, the referrals of an admitted case).
      if (res.status !== 200) continue;
      checked.push(documentPath(op.path, op.base));
      problems.push(...documentedAnswerProblems('get', documentPath(op.path, op.base), res));
    }
    expect(checked).toEqual(
      expect.arrayContaining([
        '/api/session',
        '/api/cases/{id}',
        '/api/cases/{id}/dialogue',
        '/api/oversight/summary',
        '/api/admin/mechanisms/{mechanismId}/users',
        '/api/admin/outbox',
      ]),
    );
    expect(checked.length).toBeGreaterThan(45);
    const message = await ombudsman.post(`/api/cases/${caseId}/messages`, {
      body: 'Nota interna de prueba',
      visibility: 'internal',
      clientKey: 'openapi-shape-1',
    });
    expect(message.status).toBe(201);
    problems.push(...documentedAnswerProblems('post', '/api/cases/{id}/messages', message));
    const wrong = await ombudsman.post(`/api/cases/${caseId}/messages`, { visibility: 'nobody' });
    expect(wrong.status).toBe(400);
    problems.push(...documentedAnswerProblems('post', '/api/cases/{id}/messages', wrong));
    expect(problems).toEqual([]);
  });
});
