/**
 * Turns a zod schema failure into a ValidationFailed error whose field messages are i18n keys, so the
 * same shared schema gives the same words in the browser and in the API.
 */
import type { NextFunction, Request, Response } from 'express';
import type { z } from 'zod';
import { ValidationFailed, type FieldProblem } from '../errors';
import { valueAt } from '../../shared/validation/valueAt';
import { wrongTypeMessage } from '../../shared/validation/wrongType';

function problemFor(issue: z.core.$ZodIssue, input: unknown): FieldProblem[] {
  const field = issue.path.map(String).join('.') || '_';
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: field === '_' ? key : `${field}.${key}`, messageKey: 'validation.unknown_field' }));
  }
  const custom = issue.message?.startsWith('validation.') ? issue.message : undefined;
  if (issue.code === 'too_big') {
    return [{ field, messageKey: custom ?? 'validation.too_long', params: { maximum: Number(issue.maximum), count: Number(issue.maximum) } }];
  }
  if (issue.code === 'too_small') {
    const minimum = Number(issue.minimum);
    return [{ field, messageKey: custom ?? (minimum <= 1 ? 'validation.required' : 'validation.too_short'), params: { minimum, count: minimum } }];
  }
  if (issue.code === 'invalid_type') {
    const value = valueAt(input, issue.path);
    // A missing field is "required"; a field that is there with the wrong type says so, whatever
    // message the schema gives (many give "required" for anything but a text, which misled).
    if (value === undefined || value === null) return [{ field, messageKey: 'validation.required' }];
    // zod reports a number with decimals where a whole number goes as the type "int": it is the right
    // kind of value out of its allowed set, so the schema's own message (e.g. the range) says it best.
    if (issue.expected === 'int' && typeof value === 'number') return [{ field, messageKey: custom ?? 'validation.invalid_value' }];
    return [{ field, messageKey: wrongTypeMessage(issue.expected) }];
  }
  if (custom) return [{ field, messageKey: custom }];
  return [{ field, messageKey: 'validation.invalid_value' }];
}

/** Parses `input` with `schema` or throws ValidationFailed listing every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationFailed(result.error.issues.flatMap((issue) => problemFor(issue, input)));
}

/** Whether PostgreSQL can store `text`: never a NUL byte (text or jsonb) nor half a surrogate pair (jsonb). */
function storable(text: string): boolean {
  return !text.includes('\u0000') && (text as string & { isWellFormed(): boolean }).isWellFormed();
}

/** Whether PostgreSQL can store every text in `value` (keys included): every request's body and query pass here, so it allocates nothing. */
function allStorable(value: unknown): boolean {
  if (typeof value === 'string') return storable(value);
  if (!value || typeof value !== 'object') return true;
  for (const key of Object.keys(value)) if (!storable(key) || !allStorable((value as Record<string, unknown>)[key])) return false;
  return true;
}

/** The dotted path of every text in `value` (keys included) that PostgreSQL cannot store. */
export function unstorableTexts(value: unknown, path: string[] = []): string[] {
  if (path.length === 0 && allStorable(value)) return [];
  if (typeof value === 'string') return storable(value) ? [] : [path.join('.') || '_'];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const at = [...path, key];
    return [...(storable(key) ? [] : [at.join('.')]), ...unstorableTexts(child, at)];
  });
}

/**
 * Refuses `value` (a body read by a route itself, e.g. the JSON field of a multipart form) when it holds
 * text the database cannot store, as rejectUnstorableText does for ordinary bodies.
 */
export function refuseUnstorableText(value: unknown): void {
  const fields = unstorableTexts(value);
  if (fields.length) throw new ValidationFailed([...new Set(fields)].map((field) => ({ field, messageKey: 'validation.unstorable_character' })));
}

/**
 * The one check, before any route runs, that a request holds no text the database cannot store: a
 * NUL byte used to reach PostgreSQL and answer 500 (profile, claims, meetings, names, invitations …).
 * Refuses with 400 naming each field of the body or query (or `path` for the address itself).
 */
export function rejectUnstorableText(req: Request, _res: Response, next: NextFunction): void {
  let decodedPath = req.path;
  try {
    decodedPath = decodeURIComponent(req.path);
  } catch {
    // A malformed escape is the router's to refuse; it cannot carry a NUL either.
  }
  const fields = [...(storable(decodedPath) ? [] : ['path']), ...unstorableTexts(req.query), ...unstorableTexts(req.body)];
  if (fields.length === 0) return next();
  next(new ValidationFailed([...new Set(fields)].map((field) => ({ field, messageKey: 'validation.unstorable_character' }))));
}
