import { type TestServer, openEmails, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { buildCase, onCastServer, type BuiltCast } from '../factories';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import type { CaseDeadlinesDto } from '../../shared/types/deadlines';

// The fixture's clock starts on Friday 20 November 2026, 10:00 in Bogota: a case filed then must be
// acknowledged by Wednesday 25; the reminder falls on Tuesday 24 and the escalation on Thursday 26.
const bogota = (date: string, time: string) => new Date(`${date}T${time}:00-05:00`);

describe('A red-flag case released to its company, as the deadline sweeper sees it', () => {
  // A mechanism of the test's own: its one officer, the company's liaison and the complainant are all who may hear.
  let server: TestServer;
  let cast: BuiltCast;
  onCastServer('all', (s, c) => ((server = s), (cast = c)));

  async function noticesOf(caseId: string, kind: string): Promise<string[]> {
    const rows = await server.db.query<{ id: string; email: string }>(
      'SELECT u.id, u.email_ciphertext AS email FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.case_id = $1 AND n.kind = $2',
      [caseId, kind],
    );
    return openEmails(rows);
  }

  it('When the ombudsman releases it and the sweeper runs, Then the company is reminded and told of the escalation, while a case still hidden reaches only the ombudsman', async () => {
    const flagged = { ...cast.filing, complainantId: cast.complainant.id, redFlag: true };
    const released = await buildCase(server.app.ctx, flagged);
    const hidden = await buildCase(server.app.ctx, flagged);
    const ombudsman = await server.loginAs(cast.ombudsman.email);
    const release = await ombudsman.post(`/api/cases/${released.id}/release-red-flag`, { reason: 'La persona ya está a salvo; la empresa puede responder.' });
    expect(release.status).toBe(200);
    // The company must now acknowledge it, as the notice of the new case tells it.
    const deadlines: CaseDeadlinesDto = (await ombudsman.get(`/api/cases/${released.id}/deadlines`)).body;
    expect(deadlines.deadlines.find((d) => d.stage === 'acknowledge')).toMatchObject({ responsible: 'company', dueOn: '2026-11-25' });

    server.clock.set(bogota('2026-11-24', '08:00'));
    await runDeadlineSweep(server.app.ctx);
    expect(await noticesOf(released.id, 'deadlines.reminder')).toEqual([cast.liaison.email]);
    expect(await noticesOf(hidden.id, 'deadlines.reminder')).toEqual([cast.ombudsman.email]);
    const reminderMails = await server.db.query<{ sealId: string | null; recipientCiphertext: string | null; toAddress: string | null }>(
      `SELECT ${OUTBOX_RECIPIENT} FROM outbox o WHERE o.template = 'deadline_reminder' AND o.data->>'path' = $1`,
      [`/casos/${released.id}`],
    );
    expect(reminderMails.map((m) => openOutboxRow(m).to)).toEqual([cast.liaison.email]);

    server.clock.set(bogota('2026-11-26', '00:01'));
    await runDeadlineSweep(server.app.ctx);
    expect(await noticesOf(released.id, 'cases.escalated')).toEqual([cast.ombudsman.email, cast.liaison.email, cast.complainant.email].sort());
    expect(await noticesOf(hidden.id, 'cases.escalated')).toEqual([cast.ombudsman.email, cast.complainant.email].sort());
    // The company sees the released case's escalation in its own list, and never the hidden one.
    const liaison = await server.loginAs(cast.liaison.email);
    expect((await liaison.get(`/api/cases/${released.id}`)).body.escalationLevel).toBe(1);
    expect((await liaison.get(`/api/cases/${hidden.id}`)).status).toBe(404);
  });
});
