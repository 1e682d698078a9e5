/** Rules of the administration forms, shared with the browser. */
import { z } from 'zod';
import { displayNameSchema, emailSchema, phoneSchema } from './accounts';

const text = (max: number) => z.string({ message: 'validation.required' }).trim().min(1, { message: 'validation.required' }).max(max);

/** A `{ es, en }` text; both languages are required so no screen shows an empty label. */
export const localizedTextSchema = (max: number) => z.strictObject({ es: text(max), en: text(max) });

/** A lower-case identifier used in addresses (mechanism and company slugs). */
export const slugSchema = z
  .string({ message: 'validation.required' })
  .trim()
  .min(1, { message: 'validation.required' })
  .max(60)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: 'validation.slug' });

/** Body of `POST /api/admin/mechanisms`. */
export const mechanismSchema = z.strictObject({
  slug: slugSchema,
  name: text(120),
  region: text(120),
  referencePrefix: z
    .string({ message: 'validation.required' })
    .trim()
    .regex(/^[A-Z]{2,5}$/, { message: 'validation.prefix' }),
});

/** Body of `POST /api/admin/mechanisms/:id/companies`. */
export const companyCreateSchema = z.strictObject({ name: text(160), slug: slugSchema });

/**
 * Body of `PATCH …/companies/:id`: rename and/or (de)activate, and say which other remedies its cases may
 * be referred to (issue #17 item 5): `dutchLinked` (the Dutch NCP) and `ifcFinanced` (the CAO).
 */
export const companyUpdateSchema = z.strictObject({
  name: text(160).optional(),
  active: z.boolean().optional(),
  dutchLinked: z.boolean().optional(),
  ifcFinanced: z.boolean().optional(),
});

/** Body of `POST …/categories`. */
export const categoryCreateSchema = z.strictObject({
  code: z
    .string({ message: 'validation.required' })
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, { message: 'validation.code' }),
  icon: z
    .string({ message: 'validation.required' })
    .trim()
    .regex(/^[a-z0-9-]{1,40}$/, { message: 'validation.icon' }),
  name: localizedTextSchema(80),
  description: localizedTextSchema(400),
  redFlag: z.boolean().default(false),
  position: z.number().int().min(0).max(1000).optional(),
});

/** Body of `PATCH …/categories/:id`. */
export const categoryUpdateSchema = z.strictObject({
  icon: categoryCreateSchema.shape.icon.optional(),
  name: localizedTextSchema(80).optional(),
  description: localizedTextSchema(400).optional(),
  redFlag: z.boolean().optional(),
  position: z.number().int().min(0).max(1000).optional(),
  active: z.boolean().optional(),
});

/** Body of `POST …/municipalities`. */
export const municipalityCreateSchema = z.strictObject({
  name: text(120),
  daneCode: z
    .string({ message: 'validation.required' })
    .trim()
    .regex(/^\d{5}$/, { message: 'validation.dane_code' }),
});

/** Body of `PATCH …/veredas/:id` (and the base of a municipality's). */
export const placeUpdateSchema = z.strictObject({ name: text(120).optional(), active: z.boolean().optional() });

/** Largest column or row of a square on the oversight map: room for any department's municipalities. */
export const MAP_GRID_LIMIT = 30;

const gridIndex = z
  .number({ message: 'validation.map_position_range' })
  .int({ message: 'validation.map_position_range' })
  .min(0, { message: 'validation.map_position_range' })
  .max(MAP_GRID_LIMIT, { message: 'validation.map_position_range' });

/** A municipality's square on the oversight map: column from the west, row from the north, from 0. */
export const mapPositionSchema = z.strictObject({ column: gridIndex, row: gridIndex }, { message: 'validation.invalid_value' });

/**
 * Where the open-data feed places a municipality's cases: its head town (WGS 84), never a complaint's
 * own point (docs/open-data.md). Two decimals (about a kilometre) are plenty.
 */
export const centreSchema = z.strictObject(
  {
    latitude: z
      .number({ message: 'validation.invalid_type' })
      .min(-90, { message: 'validation.invalid_value' })
      .max(90, { message: 'validation.invalid_value' }),
    longitude: z
      .number({ message: 'validation.invalid_type' })
      .min(-180, { message: 'validation.invalid_value' })
      .max(180, { message: 'validation.invalid_value' }),
  },
  { message: 'validation.invalid_value' },
);

/**
 * Body of `PATCH …/municipalities/:id`: rename, (de)activate, place on the map and set the open-data
 * centre (null takes either off).
 */
export const municipalityUpdateSchema = placeUpdateSchema.extend({
  mapPosition: mapPositionSchema.nullable().optional(),
  centre: centreSchema.nullable().optional(),
});

/** Body of `POST …/municipalities/:id/veredas`. */
export const veredaCreateSchema = z.strictObject({ name: text(120), kind: z.enum(['vereda', 'corregimiento'], { message: 'validation.invalid_value' }) });

/** Body of `POST …/data-policies`: a new version of the text, in both languages. */
export const dataPolicySchema = z.strictObject({
  text: localizedTextSchema(50_000),
  /** The short plain version, read and heard before the full text (issue #14 §5). */
  summary: localizedTextSchema(2_000).optional(),
});

/** Body of `POST …/invitations`. */
export const invitationSchema = z
  .strictObject({
    email: emailSchema,
    displayName: displayNameSchema,
    role: z.enum(['liaison', 'ombudsman', 'admin'], { message: 'validation.invalid_value' }),
    companyId: z.uuid({ message: 'validation.invalid_value' }).optional(),
    language: z.enum(['es', 'en'], { message: 'validation.language' }).default('es'),
  })
  .superRefine((value, ctx) => {
    if (value.role === 'liaison' && !value.companyId) ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'validation.required' });
    if (value.role !== 'liaison' && value.companyId) ctx.addIssue({ code: 'custom', path: ['companyId'], message: 'validation.company_only_liaison' });
  });

/** Body of `PATCH …/users/:id`: role, company, activity, and extra mechanisms of an ombudsman. */
export const userUpdateSchema = z.strictObject({
  role: z.enum(['liaison', 'ombudsman', 'admin'], { message: 'validation.invalid_value' }).optional(),
  companyId: z.uuid({ message: 'validation.invalid_value' }).nullable().optional(),
  active: z.boolean().optional(),
  extraMechanismIds: z
    .array(z.uuid({ message: 'validation.invalid_value' }))
    .max(50)
    .optional(),
});

/** Body of `POST /api/admin/mechanisms/:id/recovery-links`: the phone number the account logs in with. */
export const recoveryLinkSchema = z.strictObject({ phone: phoneSchema });
