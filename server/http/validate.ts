/**
 * Turns a zod schema failure into a ValidationFailed error whose field messages are i18n keys, so the
 * same shared schema gives the same words in the browser and in the API.
 */
import type { z } from 'zod';
import { ValidationFailed, type FieldProblem } from '../errors';
import { valueAt } from '../../shared/validation/valueAt';

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
  const missing = issue.code === 'invalid_type' && valueAt(input, issue.path) === undefined;
  // A missing field is "required" whatever message the schema gives for a wrong value.
  if (missing) return [{ field, messageKey: 'validation.required' }];
  if (custom) return [{ field, messageKey: custom }];
  if (issue.code === 'invalid_type') return [{ field, messageKey: 'validation.invalid_type' }];
  return [{ field, messageKey: 'validation.invalid_value' }];
}

/** Parses `input` with `schema` or throws ValidationFailed listing every bad field. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationFailed(result.error.issues.flatMap((issue) => problemFor(issue, input)));
}
