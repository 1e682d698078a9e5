/**
 * The plain form's fields (application/x-www-form-urlencoded, named by the paths of the filing schema:
 * `identity.name`, `consent.accepted` …) turned into the body `POST /api/complaints` takes, so the one
 * shared schema (shared/validation/intake.ts) checks both and names the same fields.
 */
import type { FileComplaintRequest } from '../../../shared/types/intake';

/** The form's fields as the body parser gives them: a text, or a list where a name repeats (the topics). */
export type PlainFormValues = Record<string, string | string[] | undefined>;

/** The form's value for `name` meaning "not given" when blank. */
function given(values: PlainFormValues, name: string): string | undefined {
  const raw = values[name];
  const text = Array.isArray(raw) ? raw[0] : raw;
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

/** Every value of `name` (checkboxes), blanks left out. */
function list(values: PlainFormValues, name: string): string[] {
  const raw = values[name];
  return (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((v) => v.trim() !== '');
}

/**
 * The filing the form describes, filed in `filedIn` (a language code; Spanish is not marked). An
 * anonymous complaint leaves out whatever name or contact was typed before choosing it, as the app's
 * form hides them; an unchosen company stays missing ("required"), «No sé» is null.
 */
export function complaintFromForm(values: PlainFormValues, filedIn: string): Partial<FileComplaintRequest> {
  const mode = given(values, 'identityMode');
  const anonymous = mode === 'anonymous';
  const identity = Object.fromEntries(
    (['name', 'documentId', 'phone', 'email'] as const).flatMap((field) => {
      const value = given(values, `identity.${field}`);
      return value === undefined ? [] : [[field, value]];
    }),
  );
  const company = given(values, 'companyId');
  const optional = (name: 'hopedOutcome' | 'occurredOn' | 'placeDetail') => {
    const value = given(values, name);
    return value === undefined ? {} : { [name]: value };
  };
  return {
    idempotencyKey: given(values, 'idempotencyKey'),
    whatHappened: given(values, 'whatHappened'),
    ...optional('hopedOutcome'),
    ...optional('occurredOn'),
    municipalityId: given(values, 'municipalityId'),
    ...optional('placeDetail'),
    companyId: company === 'unknown' ? null : company,
    categoryCodes: list(values, 'categoryCodes'),
    identityMode: mode as FileComplaintRequest['identityMode'] | undefined,
    ...(!anonymous && Object.keys(identity).length > 0 ? { identity: identity as FileComplaintRequest['identity'] } : {}),
    contactPreference: anonymous ? 'none' : (given(values, 'contactPreference') as FileComplaintRequest['contactPreference'] | undefined),
    consent: { policyVersion: given(values, 'consent.policyVersion') ?? '', accepted: (given(values, 'consent.accepted') === 'yes') as true },
    ...(filedIn !== 'es' ? { language: filedIn } : {}),
  };
}
