/**
 * The draft turned into the body of `POST /api/complaints` and checked step by step with the shared
 * schema. Not in the form's first download: NewComplaint asks for it (and zod with it) at the first
 * answer typed, well before "Siguiente" (docs/reach.md).
 */
import type { z } from 'zod';
import type { FileComplaintRequest } from '../../../../shared/types/intake';
import { errorText, messagesFromIssues, type FieldMessages } from '../../forms/fieldMessages';
import { bogotaToday, STEP_FIELDS, STEPS, type ComplaintDraft, type FilerContext, type Step } from './draft';

const text = (value: string): string | undefined => (value.trim() === '' ? undefined : value);

/** The body of `POST /api/complaints` for a draft; unanswered questions are left out. */
export function toRequest(draft: ComplaintDraft, filer: FilerContext): Partial<FileComplaintRequest> & Record<string, unknown> {
  const anonymous = draft.identityMode === 'anonymous';
  const equity = {
    ethnicGroup: draft.ethnicGroup || undefined,
    gender: draft.gender || undefined,
    ageBand: draft.ageBand || undefined,
    disability: draft.disability || undefined,
  };
  const hasEquity = Object.values(equity).some((v) => v !== undefined);
  return {
    idempotencyKey: draft.idempotencyKey,
    // With a voice note the typed words are optional: blank means none.
    whatHappened: draft.voiceNoteKey ? text(draft.whatHappened) : draft.whatHappened,
    voiceNote: draft.voiceNoteKey ? { key: draft.voiceNoteKey } : undefined,
    hopedOutcome: text(draft.hopedOutcome),
    occurredOn: text(draft.occurredOn),
    municipalityId: text(draft.municipalityId),
    veredaId: text(draft.veredaId),
    placeDetail: text(draft.placeDetail),
    latitude: draft.latitude ?? undefined,
    longitude: draft.longitude ?? undefined,
    companyId: draft.company === '' ? undefined : draft.company === 'unknown' ? null : draft.company,
    categoryCodes: draft.categoryCodes,
    identityMode: draft.identityMode || undefined,
    identity:
      anonymous || draft.identityMode === ''
        ? undefined
        : { name: draft.name, documentId: text(draft.documentId), phone: text(draft.phone), email: text(draft.email) },
    // An anonymous complaint cannot be answered by anyone: the person follows it with the receipt key.
    contactPreference: anonymous ? 'none' : draft.contactPreference || undefined,
    collective: draft.collective
      ? {
          groupName: draft.groupName,
          groupKind: draft.groupKind || undefined,
          groupSize: draft.groupSize.trim() === '' ? undefined : Number(draft.groupSize),
        }
      : undefined,
    equity: hasEquity ? { ...equity, consent: draft.sensitiveConsent === true } : undefined,
    consent: {
      policyVersion: draft.consentVersion,
      accepted: draft.consentAccepted,
      // Consent given aloud is recorded only where someone received it: field mode.
      ...(filer.fieldMode && draft.consentSpoken ? { how: 'spoken' as const } : {}),
    },
    publishDescription: draft.publishDescription || undefined,
    onBehalf: filer.isFacilitator ? { personConsented: draft.onBehalfConsented || undefined, how: draft.onBehalfHow || undefined } : undefined,
  } as Partial<FileComplaintRequest> & Record<string, unknown>;
}

/**
 * A complete, valid body used to check one step before the later steps are answered: the shared
 * schema's cross-field rules (contact needs a phone, a point needs both coordinates) only run once the
 * whole body has the right shape, so the steps not reached yet are filled with neutral answers.
 */
function neutralAnswers(draft: ComplaintDraft, filer: FilerContext): Record<string, unknown> {
  return {
    idempotencyKey: draft.idempotencyKey,
    whatHappened: 'x'.repeat(20),
    municipalityId: '00000000-0000-4000-8000-000000000000',
    companyId: null,
    categoryCodes: ['other'],
    identityMode: 'anonymous',
    contactPreference: 'none',
    consent: { policyVersion: 'v', accepted: true },
    onBehalf: filer.isFacilitator ? { personConsented: true, how: 'verbal' } : undefined,
  };
}

/** Downloads the shared intake schema (once); the wizard calls it early so the first check rarely waits. */
export function loadIntakeSchema(): Promise<typeof import('../../../../shared/validation/intake')> {
  return import('../../../../shared/validation/intake');
}

/** Problems in the answers of `step` (every step up to it, for the review), translated; null when none. */
export async function checkStep(draft: ComplaintDraft, step: Step, filer: FilerContext): Promise<FieldMessages | null> {
  const { fileComplaintSchema } = await loadIntakeSchema();
  const request = toRequest(draft, filer);
  const upTo = STEPS.slice(0, STEPS.indexOf(step) + 1);
  const asked = new Set(upTo.flatMap((s) => STEP_FIELDS[s]));
  const probe: Record<string, unknown> = step === 'review' ? request : neutralAnswers(draft, filer);
  if (step !== 'review') {
    for (const field of asked) probe[field] = request[field];
  }
  const schema = fileComplaintSchema(bogotaToday());
  const result = (schema as z.ZodType).safeParse(probe);
  const messages: FieldMessages = result.success ? {} : messagesFromIssues(result.error.issues, probe);
  const ownFields = step === 'review' ? null : new Set(STEP_FIELDS[step]);
  const mine: FieldMessages = {};
  for (const [field, message] of Object.entries(messages)) {
    if (!ownFields || ownFields.has(field.split('.')[0] ?? '')) mine[field] = message;
  }
  // The API requires these, but the shared schema cannot know who is filing or whether a group was chosen.
  const own = (s: Step) => step === s || step === 'review';
  if (own('who')) {
    if (draft.collective === null) mine.collective ??= errorText('validation.required');
    // The API's own words for a missing consent say what to confirm, better than the schema's generic ones.
    if (filer.isFacilitator && !draft.onBehalfConsented) mine['onBehalf.personConsented'] = errorText('validation.on_behalf_required');
    // The thumbprint itself is the consent: its photo must go with the complaint.
    if (filer.isFacilitator && draft.onBehalfHow === 'thumbprint' && !filer.hasThumbprintPhoto)
      mine['onBehalf.how'] ??= errorText('validation.thumbprint_photo_required');
  }
  if (own('identity') && draft.identityMode === '') mine.identityMode ??= errorText('validation.required');
  // The server refuses a voice account whose audio does not come with it: say so here, where it can be recorded again.
  if (own('what') && draft.voiceNoteKey && !filer.hasVoiceNote) mine.voiceNote = errorText('validation.voice_note_missing');
  return Object.keys(mine).length > 0 ? mine : null;
}
