/** Query schemas of the case routes (bodies live in shared/validation/intake.ts, shared with the client). */
import { z } from 'zod';
import { CASE_STATUSES } from '../../../shared/caseLifecycle';
import { IDENTITY_MODES } from '../../../shared/validation/intake';

/** Query of `GET /api/cases`. */
export const caseListQuery = z.object({
  status: z.enum(CASE_STATUSES).optional(),
  companyId: z.uuid().optional(),
  category: z.string().trim().min(1).max(60).optional(),
  municipalityId: z.uuid().optional(),
  identityMode: z.enum(IDENTITY_MODES).optional(),
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
