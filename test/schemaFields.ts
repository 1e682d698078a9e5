/**
 * The fields of the API's request schemas, read from the schemas themselves (zod's JSON schema of the
 * input side), so tests that send something odd to "every field of every route" cannot go stale.
 */
import { z } from 'zod';
import { OPERATIONS } from '../server/routes/docs/openApi';

type Json = Record<string, unknown>;

/** A JSON type a field takes. */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

/** One field (path inside the body or query, array items at index 0) and the types it takes. */
export interface SchemaField {
  path: (string | number)[];
  types: FieldType[];
  /** Inside one of several shapes the input may take (`anyOf`). */
  inChoice: boolean;
}

/** Every field of `schema`, nested ones included. */
export function fieldsOf(schema: z.ZodType): SchemaField[] {
  const root = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  const found = new Map<string, SchemaField>();
  const resolve = (node: Json): Json => {
    const ref = node.$ref;
    if (typeof ref !== 'string') return node;
    const name = ref.replace(/^#\/\$defs\//, '');
    return resolve(((root.$defs as Record<string, Json> | undefined)?.[name] ?? {}) as Json);
  };
  const record = (path: (string | number)[], type: FieldType, inChoice: boolean) => {
    const key = JSON.stringify(path);
    const field = found.get(key) ?? { path, types: [], inChoice };
    field.inChoice ||= inChoice;
    if (!field.types.includes(type)) field.types.push(type);
    found.set(key, field);
  };
  const walk = (raw: unknown, path: (string | number)[], depth: number, inChoice = false): void => {
    if (!raw || typeof raw !== 'object' || depth > 8) return;
    const node = resolve(raw as Json);
    const choices = [...((node.anyOf as unknown[]) ?? []), ...((node.oneOf as unknown[]) ?? [])];
    // `x | null` and `x | undefined` are one shape; only real alternatives make a choice.
    const shapes = choices.filter((c) => (resolve(c as Json).type ?? 'x') !== 'null');
    for (const alternative of choices) walk(alternative, path, depth + 1, inChoice || shapes.length > 1);
    for (const part of (node.allOf as unknown[]) ?? []) walk(part, path, depth + 1, inChoice);
    const types = (Array.isArray(node.type) ? node.type : node.type ? [node.type] : []) as string[];
    if (types.length === 0 && Array.isArray(node.enum) && node.enum.every((v) => typeof v === 'string')) types.push('string');
    if (types.length === 0 && typeof node.const === 'string') types.push('string');
    for (const type of types) if (path.length > 0 && type !== 'null') record(path, type as FieldType, inChoice);
    for (const [name, child] of Object.entries((node.properties as Record<string, unknown>) ?? {})) walk(child, [...path, name], depth + 1, inChoice);
    if (node.items) walk(node.items, [...path, 0], depth + 1, inChoice);
  };
  walk(root, [], 0);
  return [...found.values()];
}

/** A body or query holding `value` at `path` and nothing else. */
export function bodyWith(path: readonly (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  return typeof head === 'number' ? [bodyWith(rest, value)] : { [head!]: bodyWith(rest, value) };
}

/** Every route with a JSON body or a query schema, with its path's parameters filled in. */
export function routesWithInput(): { method: string; path: string; body?: z.ZodType; query?: z.ZodType }[] {
  return OPERATIONS.filter((op) => (op.body && !op.multipart) || op.query).map((op) => ({
    method: op.method,
    path: `/api${op.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000')}`,
    body: op.multipart ? undefined : op.body,
    query: op.query,
  }));
}
