/**
 * Spoken help of the web intake (issue #14 §6): the short clips an "Escuchar" button plays for each
 * question, each choice and the receipt, so a person who does not read can file with a voice note.
 * Clips are data per mechanism and language, uploaded by the admin; the words each clip says are the
 * `spokenHelp:` texts (es is the source), which the demo's clips are synthesized from
 * (scripts/makeDemoClips.ts) and which the admin's list shows beside each key to record.
 */

/** The intake's steps, in order (the form's screens; client/src/scenes/NewComplaint/draft.ts). */
export const INTAKE_STEPS = ['what', 'evidence', 'where', 'company', 'categories', 'who', 'identity', 'equity', 'consent', 'review'] as const;
/** One intake step. */
export type IntakeStep = (typeof INTAKE_STEPS)[number];

/** A clip key: a question (`step.what`), a choice (`identity.anonymous`, `category.water`) or `receipt`. */
export const CLIP_KEY_PATTERN = /^[a-z][a-zA-Z0-9_.-]{0,99}$/;

/** The clip of a step's question. */
export const stepClipKey = (step: IntakeStep): string => `step.${step}`;
/** The clip of one of the mechanism's categories (its pictogram card). */
export const categoryClipKey = (code: string): string => `category.${code}`;

/** Clips every mechanism's intake has, whatever its lists: questions, fixed choices, the plain policy and the receipt. */
export const FIXED_CLIP_KEYS = [
  ...INTAKE_STEPS.map(stepClipKey),
  'what.voice',
  'company.unknown',
  'who.person',
  'who.group',
  'identity.named',
  'identity.confidential',
  'identity.anonymous',
  'contact.phone',
  'contact.whatsapp',
  'contact.email',
  'contact.facilitator',
  'consent.summary',
  'receipt',
] as const;

/** Every clip key a mechanism's intake can play, given its category codes. */
export function intakeClipKeys(categoryCodes: readonly string[]): string[] {
  return [...FIXED_CLIP_KEYS, ...categoryCodes.map(categoryClipKey)];
}

/** The `spokenHelp:` text a fixed clip says (categories say their own name and description). */
export function clipTextKey(clipKey: string): string {
  return `spokenHelp:${clipKey}`;
}

/** Largest clip accepted: a clip is a few spoken sentences, small enough for 2G. */
export const CLIP_MAX_BYTES = 256 * 1024;

/**
 * The spoken help a mechanism offers in one language, sent with the mechanism's lists: each clip key
 * with the address of its current recording (the address changes when the admin replaces it, so the
 * phone may keep a clip for good).
 */
export interface SpokenHelpDto {
  language: string;
  clips: Record<string, string>;
}
