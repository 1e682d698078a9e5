/**
 * The OpenAPI document cannot drift: every route registered in the Express app is in it (and nothing
 * else), every schema in it is well-formed JSON schema with resolvable references, and what the main
 * routes really answer has exactly the documented top-level fields.
 */
import { DEMO, getTestServer, type TestServer } from '../support';
import { API_PREFIX } from '../../server/routes/docs/openApi';
import { OPEN311_PREFIX } from '../../server/routes/open311/open311Routes';

type Json = Record<string, unknown>;
type Document = { paths: Record<string, Record<string, Json>>; components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> } };

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string;
}

/** `METHOD /api/path/{param}` of every route the app registered, walking nested routers. */
function registeredRoutes(stack: Layer[], prefix = ''): string[] {
  const routes: string[] = [];
  for (const layer of stack) {
    if (layer.route) {
      for (const method of Object.keys(layer.route.methods)) routes.push(`${method.toUpperCase()} ${prefix}${layer.route.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    } else if (layer.handle?.stack) {
      // Routers here are mounted at a fixed path ('/api') or none ('/').
      const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
      routes.push(...registeredRoutes(layer.handle.stack, prefix + mount));
    }
  }
  return routes;
}

const TYPES = new Set(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null']);
const KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'items', 'prefixItems', 'anyOf', 'oneOf', 'allOf', 'not', 'enum', 'const', '$ref',
  'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'minLength', 'maxLength', 'minItems', 'maxItems',
  'uniqueItems', 'propertyNames', 'default', 'description', 'title', 'examples', 'readOnly', 'writeOnly',
]);

/** Problems of a JSON schema (2020-12 keywords as zod and our fragments use them), by path. */
function schemaProblems(schema: unknown, at: string, document: Document): string[] {
  if (typeof schema === 'boolean') return [];
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return [`${at}: not a schema`];
  const s = schema as Json;
  const problems: string[] = [];
  const sub = (value: unknown, where: string) => problems.push(...schemaProblems(value, where, document));
  for (const key of Object.keys(s)) if (!KEYWORDS.has(key)) problems.push(`${at}: unknown keyword ${key}`);
  if ('type' in s) {
    const types = Array.isArray(s.type) ? s.type : [s.type];
    if (types.length === 0 || !types.every((t) => typeof t === 'string' && TYPES.has(t))) problems.push(`${at}: bad type ${JSON.stringify(s.type)}`);
  }
  if ('properties' in s) {
    if (!s.properties || typeof s.properties !== 'object') problems.push(`${at}: properties not an object`);
    else for (const [name, value] of Object.entries(s.properties)) sub(value, `${at}.properties.${name}`);
  }
  if ('required' in s) {
    const required = s.required;
    if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) problems.push(`${at}: required not a list of names`);
    else if (s.properties) for (const name of required) if (!(name in (s.properties as Json))) problems.push(`${at}: required ${name} is not a property`);
  }
  if ('additionalProperties' in s && typeof s.additionalProperties !== 'boolean') sub(s.additionalProperties, `${at}.additionalProperties`);
  if ('items' in s) sub(s.items, `${at}.items`);
  if ('not' in s) sub(s.not, `${at}.not`);
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems']) {
    if (!(key in s)) continue;
    const list = s[key];
    if (!Array.isArray(list) || list.length === 0) problems.push(`${at}: ${key} not a non-empty list`);
    else list.forEach((value, i) => sub(value, `${at}.${key}[${i}]`));
  }
  if ('enum' in s && (!Array.isArray(s.enum) || s.enum.length === 0)) problems.push(`${at}: enum not a non-empty list`);
  if ('pattern' in s) {
    try {
      new RegExp(String(s.pattern), 'u');
    } catch {
      problems.push(`${at}: pattern does not compile`);
    }
  }
  for (const key of ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'multipleOf']) {
    if (key in s && typeof s[key] !== 'number') problems.push(`${at}: ${key} not a number`);
  }
  if ('$ref' in s) {
    const match = /^#\/components\/schemas\/(.+)$/.exec(String(s.$ref));
    if (!match || !(match[1]! in document.components.schemas)) problems.push(`${at}: unresolved $ref ${String(s.$ref)}`);
  }
  return problems;
}

/** Resolves a `$ref` to its component. */
function resolve(schema: Json, document: Document): Json {
  const ref = schema.$ref as string | undefined;
  return ref ? document.components.schemas[ref.split('/').pop()!]! : schema;
}

/** Top-level fields of `body` against the documented response of `method path` with `status`. */
function shapeProblems(document: Document, method: string, path: string, status: number, body: unknown): string[] {
  const response = document.paths[path]?.[method]?.responses as Record<string, { content?: Record<string, { schema: Json }> }> | undefined;
  const documented = response?.[String(status)]?.content?.['application/json']?.schema;
  if (!documented) return [`${method} ${path} ${status}: not documented`];
  const schema = resolve(documented, document);
  const properties = Object.keys((schema.properties as Json) ?? {});
  const keys = Object.keys(body as Json);
  return [
    ...((schema.required as string[]) ?? []).filter((k) => !keys.includes(k)).map((k) => `${method} ${path}: documented ${k} missing`),
    ...keys.filter((k) => !properties.includes(k)).map((k) => `${method} ${path}: ${k} not documented`),
  ];
}

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
    const app = server.app.express as unknown as { router: { stack: Layer[] } };
    const registered = registeredRoutes(app.router.stack).filter((r) => [API_PREFIX, OPEN311_PREFIX].some((prefix) => r.split(' ')[1]!.startsWith(`${prefix}/`)));
    const documented = Object.entries(document.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    // Sanity: the walk found the routers (a broken walk would find nothing and prove nothing).
    expect(registered.length).toBeGreaterThan(70);
    expect([...registered].sort()).toEqual([...documented].sort());
  });

  it('When every schema in the document is checked, Then each is well-formed JSON schema and each operation is complete', () => {
    const problems: string[] = [];
    for (const [name, schema] of Object.entries(document.components.schemas)) problems.push(...schemaProblems(schema, `components.schemas.${name}`, document));
    for (const [path, operations] of Object.entries(document.paths)) {
      const placeholders = [...path.matchAll(/\{([A-Za-z]+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(operations)) {
        const at = `${method.toUpperCase()} ${path}`;
        if (typeof op.summary !== 'string' || !op.summary) problems.push(`${at}: no summary`);
        const responses = op.responses as Record<string, { description?: string }>;
        if (!Object.keys(responses).some((s) => /^2\d\d$/.test(s))) problems.push(`${at}: no success answer`);
        for (const [status, response] of Object.entries(responses)) if (!response.description) problems.push(`${at} ${status}: no description`);
        for (const [status, response] of Object.entries(responses as Record<string, { content?: Record<string, { schema: unknown }> }>)) {
          for (const [type, media] of Object.entries(response.content ?? {})) problems.push(...schemaProblems(media.schema, `${at} ${status} ${type}`, document));
        }
        const parameters = (op.parameters ?? []) as { name: string; in: string; required?: boolean; schema: unknown }[];
        for (const p of parameters) problems.push(...schemaProblems(p.schema, `${at} parameter ${p.name}`, document));
        const inPath = parameters.filter((p) => p.in === 'path');
        if (JSON.stringify(inPath.map((p) => p.name)) !== JSON.stringify(placeholders)) problems.push(`${at}: path parameters do not match the path`);
        if (inPath.some((p) => p.required !== true)) problems.push(`${at}: a path parameter is not required`);
        const body = op.requestBody as { content: Record<string, { schema: unknown }> } | undefined;
        for (const [type, media] of Object.entries(body?.content ?? {})) problems.push(...schemaProblems(media.schema, `${at} body ${type}`, document));
        for (const requirement of (op.security ?? []) as Json[]) {
          for (const scheme of Object.keys(requirement)) if (!(scheme in document.components.securitySchemes)) problems.push(`${at}: unknown security scheme ${scheme}`);
        }
        if (method !== 'get' && method !== 'head' && JSON.stringify(op.security) !== JSON.stringify([{ sessionCookie: [], csrfToken: [] }])) problems.push(`${at}: a write without the CSRF requirement`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('When an integrator looks for the dialogue’s files, Then ?for= on upload and attachmentIds on messages and reports are described', () => {
    const upload = document.paths['/api/cases/{id}/attachments']!.post!;
    expect(upload.parameters).toContainEqual({ name: 'for', in: 'query', required: false, schema: expect.objectContaining({ enum: ['case', 'message', 'evidence'], default: 'case' }) });
    const bodyOf = (path: string) => (document.paths[path]!.post!.requestBody as { content: Record<string, { schema: { properties: Json; required: string[] } }> }).content['application/json']!.schema;
    for (const path of ['/api/cases/{id}/messages', '/api/cases/{id}/commitments/{commitmentId}/report']) {
      expect(bodyOf(path).properties.attachmentIds).toMatchObject({ type: 'array', maxItems: 5, items: { type: 'string', format: 'uuid' } });
      expect(bodyOf(path).required).not.toContain('attachmentIds');
    }
    expect(document.components.schemas.MessageDto!.required).toContain('attachments');
    // An officer granted other mechanisms names one by slug on every filtered oversight route.
    for (const path of ['/api/oversight/summary', '/api/oversight/scorecards', '/api/oversight/cases', '/api/oversight/export.csv']) {
      expect(document.paths[path]!.get!.parameters).toContainEqual(expect.objectContaining({ name: 'mechanism', in: 'query', required: false }));
    }
    // The admin's e-mail list pages with ?before= and says how many there are in all.
    expect(document.paths['/api/admin/outbox']!.get!.parameters).toContainEqual(expect.objectContaining({ name: 'before', in: 'query', required: false, schema: expect.objectContaining({ type: 'string' }) }));
    expect(document.components.schemas.OutboxList!.required).toEqual(['entries', 'total', 'nextCursor']);
    // The open-data feed is described with the record schema published in docs/schema.
    expect(document.paths['/open311/v2/requests.{format}']!.get!.parameters).toContainEqual(expect.objectContaining({ name: 'service_code', in: 'query', required: false }));
    expect(document.components.schemas.Open311Request).toMatchObject({ title: 'Public grievance record, version 1', additionalProperties: false });
    expect(document.components.schemas.ErrorBody).toMatchObject({ required: ['error'], properties: { error: { required: ['code', 'message'] } } });
  });

  it('When the main routes are called, Then their answers have exactly the documented top-level fields', async () => {
    const visitor = await server.client();
    const ombudsman = await server.loginAs(DEMO.ombudsman);
    const admin = await server.loginAs(DEMO.admin);
    const cases = (await ombudsman.get('/api/cases')).body.cases as { id: string; status: string }[];
    // A case in dialogue, so a message can be posted to it.
    const caseId = cases.find((c) => c.status === 'in_dialogue')!.id;
    const calls: [client: typeof visitor, path: string, documented: string][] = [
      [visitor, '/api/session', '/api/session'],
      [visitor, '/api/health', '/api/health'],
      [visitor, '/api/mechanism', '/api/mechanism'],
      [visitor, '/api/data-policy', '/api/data-policy'],
      [visitor, '/api/attachments/limits', '/api/attachments/limits'],
      [visitor, '/api/transparency', '/api/transparency'],
      [ombudsman, '/api/session', '/api/session'],
      [ombudsman, '/api/me', '/api/me'],
      [ombudsman, '/api/cases', '/api/cases'],
      [ombudsman, `/api/cases/${caseId}`, '/api/cases/{id}'],
      [ombudsman, `/api/cases/${caseId}/dialogue`, '/api/cases/{id}/dialogue'],
      [ombudsman, `/api/cases/${caseId}/messages`, '/api/cases/{id}/messages'],
      [ombudsman, `/api/cases/${caseId}/deadlines`, '/api/cases/{id}/deadlines'],
      [ombudsman, '/api/deadline-policy', '/api/deadline-policy'],
      [ombudsman, '/api/notifications', '/api/notifications'],
      [ombudsman, '/api/oversight/summary', '/api/oversight/summary'],
      [ombudsman, '/api/oversight/scorecards', '/api/oversight/scorecards'],
      [ombudsman, '/api/oversight/mechanisms', '/api/oversight/mechanisms'],
      [ombudsman, `/api/oversight/cases/${caseId}/audit`, '/api/oversight/cases/{id}/audit'],
      [admin, '/api/admin/outbox?status=sent&limit=1', '/api/admin/outbox'],
    ];
    const problems: string[] = [];
    for (const [client, path, documented] of calls) {
      const res = await client.get(path);
      expect(res.status).toBe(200);
      problems.push(...shapeProblems(document, 'get', documented, 200, res.body));
    }
    const message = await ombudsman.post(`/api/cases/${caseId}/messages`, { body: 'Nota interna de prueba', visibility: 'internal', clientKey: 'openapi-shape-1' });
    expect(message.status).toBe(201);
    problems.push(...shapeProblems(document, 'post', '/api/cases/{id}/messages', 201, message.body));
    const wrong = await ombudsman.post(`/api/cases/${caseId}/messages`, { visibility: 'nobody' });
    expect(wrong.status).toBe(400);
    problems.push(...shapeProblems(document, 'post', '/api/cases/{id}/messages', 400, wrong.body));
    expect(problems).toEqual([]);
  });
});
