/**
 * The OpenAPI 3.1 document of the API, generated from the same zod schemas the routes and the browser
 * forms use (zod 4's `z.toJSONSchema`), so the description cannot drift from what the server accepts.
 */
import { z } from 'zod';
import { loginSchema, languageSchema } from '../../../shared/validation/auth';
import { caseTransitionSchema, fileComplaintSchema, releaseRedFlagSchema, routeCaseSchema, trackSchema } from '../../../shared/validation/intake';
import { caseListQuery } from '../cases/caseSchemas';
import { deadlinePolicyBody, holidayBody } from '../../../shared/validation/deadlines';

type Schema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): Schema => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Schema;

const ERROR_BODY: Schema = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string' },
        message: { type: 'string', description: 'Translated to the caller language (Accept-Language or the user choice).' },
        fields: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
      },
    },
  },
};

interface Operation {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  summary: string;
  body?: z.ZodType;
  multipart?: boolean;
  query?: z.ZodObject;
  answer: string;
  errors: number[];
}

const ID = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } };
const MECHANISM_ID = { name: 'mechanismId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: 'A mechanism the admin manages (404 otherwise)' };
const DATE = { name: 'date', in: 'path', required: true, schema: { type: 'string', format: 'date' } };

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/api/session', summary: 'Who is logged in, and the CSRF token for writes', answer: 'SessionInfo', errors: [] },
  { method: 'post', path: '/api/session', summary: 'Log in', body: loginSchema, answer: 'SessionInfo', errors: [400, 401, 429] },
  { method: 'delete', path: '/api/session', summary: 'Log out', answer: 'SessionInfo', errors: [] },
  { method: 'put', path: '/api/me/language', summary: 'Change the interface language', body: languageSchema, answer: 'SessionInfo', errors: [400, 401] },
  { method: 'get', path: '/api/mechanism', summary: 'Companies, categories, municipalities and veredas of the mechanism', answer: 'MechanismDto', errors: [404] },
  { method: 'get', path: '/api/data-policy', summary: 'The data-treatment policy in force (Ley 1581 de 2012)', answer: 'DataPolicyDto', errors: [404] },
  { method: 'post', path: '/api/complaints', summary: 'File a complaint (public; idempotent on idempotencyKey)', body: fileComplaintSchema('2100-01-01'), answer: 'FileComplaintResponse (201 new, 200 retry)', errors: [400, 404, 409, 429] },
  { method: 'get', path: '/api/cases', summary: 'Case queue of the caller, most urgent first', query: caseListQuery, answer: 'CaseListDto', errors: [400, 401, 404] },
  { method: 'get', path: '/api/cases/{id}', summary: 'One case as the caller may see it', answer: 'CaseDetailDto', errors: [401, 404] },
  { method: 'post', path: '/api/cases/{id}/transitions', summary: 'Change the status through the lifecycle', body: caseTransitionSchema, answer: 'CaseDetailDto', errors: [400, 401, 404, 409] },
  { method: 'post', path: '/api/cases/{id}/route', summary: 'Ombudsman: send the case to a company', body: routeCaseSchema, answer: 'CaseDetailDto', errors: [400, 401, 404, 409] },
  { method: 'post', path: '/api/cases/{id}/release-red-flag', summary: 'Ombudsman: let the company see a red-flag case', body: releaseRedFlagSchema, answer: 'CaseDetailDto', errors: [400, 401, 404, 409] },
  { method: 'post', path: '/api/cases/{id}/attachments', summary: 'Attach files (multipart, parts named "file"; type checked by content)', multipart: true, answer: 'UploadAttachmentsResponse', errors: [400, 401, 404, 409, 413, 415] },
  { method: 'get', path: '/api/attachments/limits', summary: 'Upload limits and accepted types', answer: 'AttachmentLimitsDto', errors: [] },
  { method: 'get', path: '/api/attachments/{id}', summary: 'Download an attachment (always as a download)', answer: 'the file', errors: [401, 404] },
  { method: 'post', path: '/api/track', summary: 'Open a case with its reference and receipt key', body: trackSchema, answer: 'CaseDetailDto', errors: [400, 404, 429] },
  { method: 'get', path: '/api/track/{reference}', summary: 'The tracked case again, while the session holds it', answer: 'CaseDetailDto', errors: [404] },
  { method: 'get', path: '/api/deadline-policy', summary: 'Deadline terms and holiday changes of the caller\'s mechanism', answer: 'DeadlinePolicyInfoDto', errors: [401] },
  { method: 'get', path: '/api/admin/mechanisms/{mechanismId}/deadline-policy', summary: 'Admin: deadline terms and holiday changes of a mechanism', answer: 'DeadlinePolicyInfoDto', errors: [401, 404] },
  { method: 'put', path: '/api/admin/mechanisms/{mechanismId}/deadline-policy', summary: 'Admin: replace the terms (stages already running keep theirs)', body: deadlinePolicyBody, answer: 'DeadlinePolicyInfoDto', errors: [400, 401, 404] },
  { method: 'post', path: '/api/admin/mechanisms/{mechanismId}/holidays', summary: 'Admin: add a holiday by decree, or work on a national one', body: holidayBody, answer: 'DeadlinePolicyInfoDto (201)', errors: [400, 401, 404] },
  { method: 'delete', path: '/api/admin/mechanisms/{mechanismId}/holidays/{date}', summary: 'Admin: undo a holiday change', answer: 'DeadlinePolicyInfoDto', errors: [401, 404] },
];

/** The OpenAPI document (built once: the schemas are static). */
export function buildOpenApiDocument(): Schema {
  const paths: Record<string, Record<string, Schema>> = {};
  for (const op of OPERATIONS) {
    const parameters: Schema[] = [];
    if (op.path.includes('{mechanismId}')) parameters.push(MECHANISM_ID);
    if (op.path.includes('{id}')) parameters.push(ID);
    if (op.path.includes('{date}')) parameters.push(DATE);
    if (op.path.includes('{reference}')) parameters.push({ name: 'reference', in: 'path', required: true, schema: { type: 'string' } });
    if (op.query) {
      const query = toSchema(op.query) as { properties?: Record<string, Schema> };
      for (const [name, schema] of Object.entries(query.properties ?? {})) parameters.push({ name, in: 'query', required: false, schema });
    }
    const responses: Record<string, Schema> = { [op.method === 'post' && (op.path === '/api/complaints' || op.path.endsWith('/holidays')) ? '201' : '200']: { description: op.answer } };
    for (const status of op.errors) responses[String(status)] = { description: `Error ${status}`, content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorBody' } } } };
    const operation: Schema = { summary: op.summary, responses };
    if (parameters.length) operation.parameters = parameters;
    if (op.body) operation.requestBody = { required: true, content: { 'application/json': { schema: toSchema(op.body) } } };
    if (op.multipart) {
      operation.requestBody = {
        required: true,
        content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'array', items: { type: 'string', format: 'binary' } } } } } },
      };
    }
    (paths[op.path] ??= {})[op.method] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Puente API', version: '0.1.0', description: 'Writes need the x-csrf-token header from GET /api/session.' },
    paths,
    components: { schemas: { ErrorBody: ERROR_BODY } },
  };
}
