/** Reading a case's deadlines and their history through the API, as the deadline tests check them. */
import type { CaseDetailDto, CaseHistoryEntryDto } from '../shared/types/intake';
import type { TestClient } from './support';

/** The `deadlines.recalculated` entries of a case's history, as `client` reads it. */
export async function recalculations(client: TestClient, caseId: string): Promise<CaseHistoryEntryDto[]> {
  const res = await client.get(`/api/cases/${caseId}`);
  expect(res.status).toBe(200);
  return (res.body as CaseDetailDto).history.filter((h) => h.kind === 'deadlines.recalculated');
}
