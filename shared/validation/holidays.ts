/** Zod schema of a national holiday an administrator records, used by the admin screen and the API alike. */
import { z } from 'zod';
import { isoDate } from './deadlines';

/**
 * Body of `POST /api/admin/national-holidays`: the date, whether a law adds it or abolishes a holiday
 * the calendar already has on that date, its name and the law or decree that says so.
 */
export const nationalHolidayBody = z.strictObject({
  date: isoDate,
  kind: z.enum(['added', 'removed']),
  name: z.string().trim().min(1).max(200),
  law: z.string().trim().min(1).max(300),
});

/** A national holiday as the admin submits it. */
export type NationalHolidayInput = z.infer<typeof nationalHolidayBody>;
