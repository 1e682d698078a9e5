/**
 * The answers the intake form offers and its limits, without the validation library: the browser
 * shows the questions with these and downloads zod (./intake.ts) only when it checks the answers.
 */

/** Limits of the intake form; the client shows them, the server enforces them. */
export const INTAKE_LIMITS = {
  whatHappenedMin: 20,
  whatHappenedMax: 20_000,
  hopedOutcomeMax: 2000,
  placeDetailMax: 300,
  nameMax: 200,
  emailMax: 254,
  groupNameMax: 200,
  groupSizeMin: 2,
  groupSizeMax: 100_000,
  categoriesMin: 1,
  categoriesMax: 5,
  reasonMax: 4000,
  referralMax: 300,
} as const;

/** Cesar's rough bounding box: a point outside it is almost surely a wrong tap on the map. */
export const CESAR_BOUNDS = { minLat: 7.6, maxLat: 10.9, minLng: -74.2, maxLng: -72.8 } as const;

/** Identity modes (DESIGN.md): who may know who complains. */
export const IDENTITY_MODES = ['named', 'confidential', 'anonymous'] as const;

/** How the complainant wants to be reached. */
export const CONTACT_PREFERENCES = ['phone', 'whatsapp', 'email', 'facilitator', 'none'] as const;

/** Kinds of group a collective complaint speaks for. */
export const GROUP_KINDS = ['community', 'junta_accion_comunal', 'resguardo', 'consejo_comunitario', 'other'] as const;

/** Self-identified ethnic group (categories of the DANE census), for equity statistics only. */
export const ETHNIC_GROUPS = ['indigenous', 'afro_colombian', 'raizal', 'palenquero', 'rrom', 'none', 'prefer_not'] as const;
/** Self-identified gender, for equity statistics only. */
export const GENDERS = ['woman', 'man', 'non_binary', 'other', 'prefer_not'] as const;
/** Age band, for equity statistics only. */
export const AGE_BANDS = ['under_18', '18_29', '30_44', '45_59', '60_plus', 'prefer_not'] as const;
/** Whether the person lives with a disability, for equity statistics only. */
export const DISABILITY_ANSWERS = ['yes', 'no', 'prefer_not'] as const;

/**
 * How the person filed for gave their consent: spoken, signed on paper, or with a thumbprint (its photo
 * travels as an attachment of the case).
 */
export const ON_BEHALF_CONSENT_KINDS = ['verbal', 'written', 'thumbprint'] as const;

/**
 * How the person took in the data policy before consenting: read it on the screen, or heard it (its
 * plain version read or played aloud) and said yes — only on a facilitator's or officer's device in
 * field mode, where someone receives the spoken consent.
 */
export const CONSENT_WAYS = ['read', 'spoken'] as const;

/** Reference codes look like `CES-2026-000123`. */
export const REFERENCE_PATTERN = /^[A-Z]{2,5}-\d{4}-\d{6}$/;

/** How much a complainant risks retaliation, as the Defensoría assesses it. */
export const REPRISAL_RISK_LEVELS = ['low', 'medium', 'high'] as const;
