/**
 * Turns zod issues from the shared schemas into translated messages per field (dotted path), with the
 * same words the API gives: schema messages are `validation.*` keys of the `errors` namespace.
 */
import type { z } from 'zod';
import { valueAt } from '../../../shared/validation/valueAt';
import { wrongTypeMessage } from '../../../shared/validation/wrongType';
import i18n from '../i18n';

/** Translated message per dotted field path (`identity.phone`); `_` for the whole form. */
export type FieldMessages = Record<string, string>;

/** A translated text for a dynamic `errors:` key (validation keys are data, so not type-checked). */
export function errorText(key: string, params: Record<string, unknown> = {}): string {
  return (i18n.t as (k: string, o?: Record<string, unknown>) => string)(`errors:${key}`, params);
}

function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function keyFor(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code === 'unrecognized_keys') return 'validation.unknown_field';
  // zod reports an unanswered question as a wrong type or a too-short text; for a person it is simply unanswered.
  if ((issue.code === 'invalid_type' || issue.code === 'too_small') && isBlank(value)) return 'validation.required';
  if (issue.code === 'invalid_type') return wrongTypeMessage(issue.expected);
  const custom = issue.message.startsWith('validation.') ? issue.message : undefined;
  if (issue.code === 'too_big') return custom ?? 'validation.too_long';
  if (issue.code === 'too_small') return custom ?? (Number(issue.minimum) <= 1 ? 'validation.required' : 'validation.too_short');
  if (custom) return custom;
  return 'validation.invalid_value';
}

/** The first translated message per field for `issues` raised while parsing `input`. */
export function messagesFromIssues(issues: readonly z.core.$ZodIssue[], input: unknown): FieldMessages {
  const messages: FieldMessages = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || '_';
    const params =
      issue.code === 'too_big'
        ? { maximum: Number(issue.maximum), count: Number(issue.maximum) }
        : issue.code === 'too_small'
          ? { minimum: Number(issue.minimum), count: Number(issue.minimum) }
          : {};
    messages[field] ??= errorText(keyFor(issue, valueAt(input, issue.path)), params);
  }
  return messages;
}

/** Parses `input` with a shared schema: `null` when valid, otherwise the messages per field. */
export function checkWith(schema: z.ZodType, input: unknown): FieldMessages | null {
  const result = schema.safeParse(input);
  return result.success ? null : messagesFromIssues(result.error.issues, input);
}
