/**
 * Every e-mail template, written by the real flows that send it (invitations, password resets, case
 * notices, deadline sweeps, Ley 1755's extensions, information requests and referrals), rendered in
 * both languages from what the outbox holds: no `{{…}}`, no `$t(…)`, no translation key may be left,
 * and the footer names the mechanism. Status-change e-mails used to read «status.{{status}}» because
 * the status never reached the outbox.
 */
import { DEMO, type TestServer, OUTBOX_RECIPIENT, openOutboxRow } from '../support';
import { readable, onMailingServer } from './smtpServer';
import { buildCase, buildCompany, buildUser } from '../factories';
import { loginAll, message } from '../dialogueFactory';
import type { DialogueDto } from '../../shared/types/dialogue';
import { buildComplaint, fileComplaint, loadMechanism } from '../intakeSupport';
import { enqueueEmail } from '../../server/mail/mailer';
import { renderEmail, type EmailData } from '../../server/mail/emailTemplates';
import { sendDueEmails } from '../../server/jobs/outboxSender';
import { runDeadlineSweep } from '../../server/jobs/deadlineSweeper';
import { resources } from '../../shared/i18n';
import { LANGUAGES } from '../../shared/roles';
import { untranslatedIn } from '../rawText';

const bogota = (date: string, time: string) => new Date(`${date}T${time}:00-05:00`);
const MECHANISM_NAME = 'Cesar — minería de carbón';

describe('Every e-mail template, in both languages, with real data', () => {
  let server: TestServer;
  const smtp = onMailingServer((s) => (server = s));

  /** Drives each flow that sends an e-mail, as people do it. */
  async function sendEveryKindOfEmail(): Promise<void> {
    const mechanism = await loadMechanism(server);
    const mechanismId = (await server.db.one<{ id: string }>('SELECT id FROM mechanisms ORDER BY created_at LIMIT 1')).id;
    const ok = (res: { status: number; body: unknown }, status: number) => {
      if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    };
    // The people of the test's own: a company and its liaison, a complainant with an account, an officer.
    const ctx = server.app.ctx;
    const company = await buildCompany(ctx, { mechanismId });
    const people = {
      liaison: await buildUser(ctx, { role: 'liaison', companyId: company.id }),
      complainant: await buildUser(ctx, { role: 'complainant', mechanismId }),
      ombudsman: await buildUser(ctx, { role: 'ombudsman', mechanismId }),
    };
    const filing = { companyId: company.id, complainantId: people.complainant.id };
    const logIn = () => loginAll(server, people.complainant.email, people.liaison.email, people.ombudsman.email);

    // Invitations, for a staff member of no company and for a company's liaison.
    const admin = await server.loginAs(DEMO.admin);
    ok(
      await admin.post(`/api/admin/mechanisms/${mechanismId}/invitations`, {
        email: 'oficial.nueva@ejemplo.co',
        displayName: 'Oficial Nueva',
        role: 'ombudsman',
        language: 'es',
      }),
      201,
    );
    ok(
      await admin.post(`/api/admin/mechanisms/${mechanismId}/invitations`, {
        email: 'enlace.nuevo@ejemplo.co',
        displayName: 'Enlace Nuevo',
        role: 'liaison',
        companyId: company.id,
        language: 'en',
      }),
      201,
    );
    // A password reset.
    ok(await (await server.client()).post('/api/password-reset', { email: people.complainant.email }), 202);
    // The delivery test an admin's tools send (its only sender).
    await server.db.transaction((tx) =>
      enqueueEmail(
        tx,
        server.app.ctx.cipher,
        { to: 'prueba@ejemplo.co', language: 'es', template: 'test', mechanismId, data: { recipientName: 'Lucía', path: '/casos' } },
        server.clock.now(),
      ),
    );

    // A new case for a company, a message in it, and its acknowledgement (a status change).
    let [complainant, liaison, ombudsman] = await logIn();
    const filed = await fileComplaint(complainant, buildComplaint(mechanism, { companyId: company.id }));
    ok(await liaison.post(`/api/cases/${filed.caseId}/messages`, message('Recibimos su queja y la estamos revisando.')), 201);
    ok(await liaison.post(`/api/cases/${filed.caseId}/transitions`, { action: 'acknowledge' }), 200);

    // An agreement proposed in a case brought to dialogue (acknowledged, then admitted).
    const inDialogue = await buildCase(ctx, filing);
    ok(await liaison.post(`/api/cases/${inDialogue.id}/transitions`, { action: 'acknowledge' }), 200);
    ok(await ombudsman.post(`/api/cases/${inDialogue.id}/transitions`, { action: 'admit' }), 200);
    const proposed = await liaison.post(`/api/cases/${inDialogue.id}/agreements`, {
      text: 'La empresa regará la vía dos veces al día y pondrá reductores de velocidad frente a la escuela.',
      commitments: [{ owner: 'company', description: 'Regar la vía dos veces al día.', dueOn: '2026-12-15' }],
    });
    ok(proposed, 201);
    // Accepted by both sides, its commitment is owed by the company: what comes due below.
    const agreementId = (proposed.body as DialogueDto).agreements[0]!.id;
    for (const side of [complainant, liaison]) ok(await side.post(`/api/cases/${inDialogue.id}/agreements/${agreementId}/accept`), 200);

    // Deadlines: a commitment coming due, a reminder, and an escalation, by the sweeper, one per case or as a digest.
    const commitment = await server.db.one<{ reminderAt: Date }>(
      `SELECT d.reminder_at AS "reminderAt" FROM case_deadlines d JOIN commitments k ON k.id = d.commitment_id
       WHERE d.case_id = $1 AND k.owner = 'company' AND k.status = 'pending' AND d.satisfied_at IS NULL AND d.cancelled_at IS NULL
       ORDER BY d.due_at LIMIT 1`,
      [inDialogue.id],
    );
    await buildCase(ctx, filing);
    // A company whose liaison has four cases coming due in one sweep: a reminder digest, then an escalation one.
    const busy = await buildCompany(ctx, { mechanismId });
    await buildUser(ctx, { role: 'liaison', companyId: busy.id });
    for (let i = 0; i < 4; i++) await buildCase(ctx, { companyId: busy.id });
    const sweeps = [new Date(commitment.reminderAt.getTime() + 60_000), bogota('2026-11-24', '08:00'), bogota('2026-11-26', '00:01')].sort(
      (a, b) => a.getTime() - b.getTime(),
    );
    for (const at of sweeps) {
      if (at.getTime() > server.clock.now().getTime()) server.clock.set(at);
      await runDeadlineSweep(server.app.ctx);
    }

    // Ley 1755: a deadline extended with its reason, a question to the complainant left unanswered
    // until the case is deemed withdrawn, and a case not admitted whose referral is recorded.
    // The sweeps moved the clock past the sessions' idle limit: everyone logs in again.
    [complainant, liaison, ombudsman] = await logIn();
    const extended = await buildCase(ctx, filing);
    const open = (await liaison.get(`/api/cases/${extended.id}/deadlines`)).body as { deadlines: { id: string; state: string }[] };
    const deadline = open.deadlines.find((d) => d.state === 'open')!;
    ok(
      await liaison.post(`/api/cases/${extended.id}/deadlines/${deadline.id}/extend`, {
        days: 2,
        reason: 'La visita técnica a la vereda quedó para el jueves.',
      }),
      200,
    );

    const asked = await buildCase(ctx, filing);
    const question = await liaison.post(`/api/cases/${asked.id}/information-requests`, { question: '¿En qué fecha aparecieron las grietas?' });
    ok(question, 201);

    const notAdmitted = await buildCase(ctx, filing);
    ok(
      await ombudsman.post(`/api/cases/${notAdmitted.id}/transitions`, {
        action: 'not_admit',
        reason: 'Es un conflicto laboral individual.',
        referral: { to: 'Ministerio del Trabajo — Inspección de Valledupar' },
      }),
      200,
    );
    ok(await ombudsman.post(`/api/cases/${notAdmitted.id}/referral`, { note: 'Oficio DPC-2026-118' }), 200);

    // Habeas data: a consulta received, its term extended, and answered (each step tells the person).
    const consulta = await complainant.post('/api/habeas/requests', { kind: 'consulta', details: '¿A quién le mostraron mi nombre?' });
    ok(consulta, 201);
    const habeasId = (consulta.body as { id: string; latestExtendedOn: string }).id;
    ok(
      await ombudsman.post(`/api/habeas/requests/${habeasId}/extension`, {
        reason: 'Debemos consultar el archivo de la empresa.',
        dueOn: (consulta.body as { latestExtendedOn: string }).latestExtendedOn,
      }),
      200,
    );
    ok(await ombudsman.post(`/api/habeas/requests/${habeasId}/answer`, { outcome: 'answered', answer: 'Nadie fuera de la Defensoría vio su nombre.' }), 200);

    // The day after the last day to answer, the sweeper closes the case that was asked.
    const lapsesOn = (question.body as { informationRequest: { lapsesOn: string } }).informationRequest.lapsesOn;
    const dayAfter = new Date(bogota(lapsesOn, '08:00').getTime() + 24 * 60 * 60 * 1000);
    server.clock.set(dayAfter);
    await runDeadlineSweep(server.app.ctx);
  }

  it('When every flow that sends an e-mail has run, Then each template renders in Spanish and English with nothing left unfilled, and the footer names the mechanism', async () => {
    await sendEveryKindOfEmail();
    const rows = (
      await server.db.query<{
        id: number;
        template: string;
        data: EmailData;
        mechanism: string | null;
        sealId: string | null;
        recipientCiphertext: string | null;
        toAddress: string | null;
      }>(
        `SELECT o.id, o.template, o.data, m.name AS mechanism, ${OUTBOX_RECIPIENT} FROM outbox o LEFT JOIN mechanisms m ON m.id = o.mechanism_id ORDER BY o.id`,
      )
    ).map(openOutboxRow);
    // Every template the emails namespace has was written by some flow above (a new one needs its flow here).
    const templates = Object.keys(resources.es.emails)
      .filter((key) => key !== 'common')
      .sort();
    expect([...new Set(rows.map((r) => r.template))].sort()).toEqual(templates);

    const problems: string[] = [];
    for (const row of rows) {
      for (const language of LANGUAGES) {
        const mail = renderEmail(row.template, language, row.to, row.data, 'http://puente.example.org', row.mechanism ?? undefined);
        const left = untranslatedIn(`${mail.subject}\n${mail.text}`);
        if (left.length) problems.push(`${row.template} (${language}): ${left.join(' | ')}`);
        if (row.mechanism && !mail.text.includes(`«${row.mechanism}»`) && !mail.text.includes(`“${row.mechanism}”`))
          problems.push(`${row.template} (${language}): footer without the mechanism`);
      }
    }
    expect(problems).toEqual([]);

    // The status an e-mail announces is the status the case took, in words.
    const statusMail = rows.find((r) => r.template === 'status_changed')!;
    expect(renderEmail(statusMail.template, 'es', statusMail.to, statusMail.data, 'http://x', MECHANISM_NAME).text).toContain(
      'ahora está en estado «Recibo confirmado»',
    );
    expect(renderEmail(statusMail.template, 'en', statusMail.to, statusMail.data, 'http://x', MECHANISM_NAME).text).toContain('is now "Receipt confirmed"');
  });

  it('When the outbox sends them through SMTP, Then what arrives has nothing unfilled either and its footer names the mechanism', async () => {
    const pending = (await server.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status = 'pending'`)).n;
    expect(pending).toBeGreaterThan(10);
    let sent = 0;
    for (let round = 0; round < 20 && sent < pending; round += 1) sent += (await sendDueEmails(server.app.ctx, 50)).sent;
    expect(sent).toBe(pending);
    const problems: string[] = [];
    for (const mail of smtp.received) {
      const text = readable(mail.raw);
      const body = text.slice(text.indexOf('\r\n\r\n'));
      const left = untranslatedIn(body.split('<p>')[0]!);
      if (left.length) problems.push(`${mail.to.join()}: ${left.join(' | ')}`);
      if (!text.includes(MECHANISM_NAME)) problems.push(`${mail.to.join()}: no mechanism named`);
    }
    expect(problems).toEqual([]);
  });
});
