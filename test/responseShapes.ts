/**
 * The server checks its own answers: `documentedAnswerProblems` parses a real answer with the zod schema
 * the OpenAPI document gives that route and status (shared/types/responses.ts), so an API test that
 * calls it fails when an answer gains, loses or mistypes a field the description promises.
 */
import { API_PREFIX, OPERATIONS, answerSchemaOf, documentPath, type Operation } from '../server/routes/docs/openApi';

/** An answer as the test clients return it. */
interface Answer {
  status: number;
  body: unknown;
}

/** The operation documented for `method` and a path as the document writes it (`/api/cases/{id}`). */
function operationAt(method: string, path: string): Operation | undefined {
  return OPERATIONS.find((op) => op.method === method.toLowerCase() && documentPath(op.path, op.base) === path);
}

/**
 * What is wrong with `answer` as the documented answer of `method path` (`path` as the document writes
 * it, e.g. `/api/cases/{id}`): an undocumented status, or each field that does not parse, by its path.
 */
export function documentedAnswerProblems(method: string, path: string, answer: Answer): string[] {
  const at = `${method.toUpperCase()} ${path} ${answer.status}`;
  const op = operationAt(method, path.startsWith('/') ? path : `${API_PREFIX}/${path}`);
  if (!op) return [`${at}: no such operation in the document`];
  const schema = answerSchemaOf(op, answer.status);
  if (!schema) return [`${at}: status not documented as a JSON answer`];
  const parsed = schema.safeParse(answer.body);
  return parsed.success ? [] : parsed.error.issues.map((issue) => `${at}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
}

/** Fails the test, naming each problem, unless `answer` is what the document says `method path` answers. */
export function expectDocumentedAnswer(method: string, path: string, answer: Answer): void {
  const problems = documentedAnswerProblems(method, path, answer);
  if (problems.length) throw new Error(`The answer is not the documented one:\n${problems.join('\n')}`);
}
