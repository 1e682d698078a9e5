/**
 * How a value of the wrong JSON type is worded, the same in the API (server/http/validate.ts) and in the
 * browser's forms (client/src/forms/fieldMessages.ts): it says what the field takes, never "required".
 */

/** The `errors:` key for a value of the wrong type, by the type the schema expected (zod's `expected`). */
export function wrongTypeMessage(expected: string): string {
  const byType: Record<string, string> = {
    string: 'validation.expected_text',
    number: 'validation.expected_number',
    int: 'validation.expected_number',
    bigint: 'validation.expected_number',
    boolean: 'validation.expected_boolean',
    array: 'validation.expected_list',
    tuple: 'validation.expected_list',
    object: 'validation.expected_object',
    record: 'validation.expected_object',
  };
  return byType[expected] ?? 'validation.invalid_type';
}
