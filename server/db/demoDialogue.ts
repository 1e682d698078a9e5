/**
 * The demo's conversations (demo/dialogue.json) as rows: a believable thread for each seeded case in
 * dialogue, with an agreement proposed, in mediation and in implementation — messages of every
 * visibility, the proposed agreement with its commitments, and an accepted agreement with one
 * commitment reported. Written with the same repository functions as the dialogue commands, at times
 * that fit each case's history.
 */
import type { AuthorRole, MessageVisibility } from '../../shared/types/dialogue';
import type { Queryable } from './database';
import { DEMO_CASES, DEMO_DIALOGUE } from './demoData';
import type { DemoUsers } from './demoMechanism';
import { insertCaseEvent } from '../repositories/cases';
import { closeCommitmentDeadline, scheduleCommitmentDeadline } from '../deadlines/deadlineScheduler';
import { closeAgreement, insertAgreementVersion, recordDecision, type AgreementRow } from '../repositories/agreements';
import { insertThreadEntry } from '../repositories/messages';
import { updateCommitment } from '../repositories/commitments';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The facts of a demo case its thread needs. */
interface DemoCaseRow {
  id: string;
  mechanismId: string;
  companyId: string | null;
  createdAt: Date;
  /** Days after filing the ombudsman took the case into mediation, if it ever went there. */
  mediationAfterDays: number | undefined;
}

async function caseAbout(db: Queryable, words: string): Promise<DemoCaseRow> {
  const demo = DEMO_CASES.find((c) => c.description.includes(words));
  if (!demo) throw new Error(`No demo case about "${words}"`);
  const row = await db.one<Omit<DemoCaseRow, 'mediationAfterDays'>>(
    'SELECT id, mechanism_id AS "mechanismId", company_id AS "companyId", created_at AS "createdAt" FROM cases WHERE description = $1',
    [demo.description],
  );
  return { ...row, mediationAfterDays: demo.path.find((step) => step.action === 'start_mediation')?.afterDays };
}

function dayAfter(start: Date, days: number): Date {
  return new Date(start.getTime() + days * DAY_MS);
}

/** A calendar day `days` after `start`, YYYY-MM-DD. */
function dateAfter(start: Date, days: number): string {
  return dayAfter(start, days).toISOString().slice(0, 10);
}

/** Adds the demo threads and agreements; runs inside seedDemo's transaction, after the cases. */
export async function seedDemoDialogue(tx: Queryable, users: DemoUsers): Promise<void> {
  const author = (key: string): { authorUserId: string; authorRole: AuthorRole } => {
    const user = users.get(key);
    if (!user) throw new Error(`No demo user ${key}`);
    return { authorUserId: user.id, authorRole: user.role as AuthorRole };
  };
  const write = async (
    caseId: string,
    companyId: string | null,
    at: Date,
    entry: { by: string | null; kind: string; body?: string; visibility?: MessageVisibility; data?: Record<string, unknown>; duringMediation?: boolean },
  ) => {
    const visibility = entry.visibility ?? 'parties';
    const who = entry.by ? author(entry.by) : { authorUserId: null, authorRole: 'system' as const };
    const internalOrg = visibility !== 'internal' ? null : who.authorRole === 'ombudsman' ? 'ombudsman' : `company:${companyId}`;
    await insertThreadEntry(tx, {
      caseId,
      kind: entry.kind as never,
      ...who,
      visibility,
      internalOrg,
      body: entry.body ?? null,
      data: entry.data,
      duringMediation: entry.duringMediation ?? false,
      clientKey: entry.body ? `demo-${caseId.slice(0, 8)}-${at.getTime()}` : null,
      at,
    });
  };

  // Every entry of a case is written in time order, so that ids (the catch-up cursor) follow the dates.
  const steps = new Map<string, { at: Date; run: () => Promise<void> }[]>();
  const cases = new Map<string, DemoCaseRow>();
  const later = async (words: string, afterDays: number, run: (c: DemoCaseRow, at: Date) => Promise<void>) => {
    const c = cases.get(words) ?? (await caseAbout(tx, words));
    cases.set(words, c);
    const list = steps.get(c.id) ?? [];
    const at = dayAfter(c.createdAt, afterDays);
    list.push({ at, run: () => run(c, at) });
    steps.set(c.id, list);
  };
  const duringMediation = (c: DemoCaseRow, afterDays: number) => c.mediationAfterDays !== undefined && afterDays > c.mediationAfterDays;

  for (const thread of DEMO_DIALOGUE.threads) {
    for (const m of thread.messages) {
      await later(thread.about, m.afterDays, (c, at) =>
        write(c.id, c.companyId, at, { by: m.by, kind: 'message', body: m.body, visibility: m.visibility, duringMediation: duringMediation(c, m.afterDays) }),
      );
    }
  }

  for (const demo of DEMO_DIALOGUE.agreements) {
    // Proposed by `demo.by`, as the case's `propose_agreement` event says; each commitment due `dueInDays` after.
    let agreement: AgreementRow | undefined;
    const data = () => ({ agreementId: agreement!.id, version: 1 });
    await later(demo.about, demo.proposedAfterDays, async (c, at) => {
      const by = author(demo.by);
      ({ agreement } = await insertAgreementVersion(tx, {
        caseId: c.id,
        byUserId: by.authorUserId,
        byRole: by.authorRole,
        duringMediation: duringMediation(c, demo.proposedAfterDays),
        text: demo.text,
        commitments: demo.commitments.map((k) => ({ owner: k.owner, description: k.description, dueOn: dateAfter(at, k.dueInDays) })),
        at,
      }));
      await write(c.id, c.companyId, at, { by: demo.by, kind: 'agreement_proposed', data: { ...data(), supersededVersion: null } });
    });
    for (const d of demo.acceptances ?? []) {
      await later(demo.about, d.afterDays, async (c, at) => {
        const who = author(d.by);
        await recordDecision(tx, agreement!, d.side, 'accepted', who.authorUserId, at);
        await insertCaseEvent(tx, {
          caseId: c.id,
          kind: 'agreements.accepted',
          actorUserId: who.authorUserId,
          actorRole: who.authorRole,
          data: { ...data(), side: d.side },
          at,
        });
        await write(c.id, c.companyId, at, { by: d.by, kind: 'agreement_accepted', data: { ...data(), side: d.side } });
      });
    }
    if (demo.inForceAfterDays !== undefined) {
      await later(demo.about, demo.inForceAfterDays, async (c, at) => {
        await closeAgreement(tx, agreement!.id, 'accepted', null);
        await write(c.id, c.companyId, at, { by: null, kind: 'agreement_in_force', data: data() });
        // As when both sides accept in the app: each commitment now runs against its agreed date.
        const commitments = await tx.query<{ id: number; owner: 'company' | 'complainant'; dueOn: string }>(
          'SELECT id, owner, due_on AS "dueOn" FROM commitments WHERE agreement_id = $1 ORDER BY position',
          [agreement!.id],
        );
        for (const k of commitments) {
          await scheduleCommitmentDeadline(tx, { caseId: c.id, mechanismId: c.mechanismId, commitmentId: k.id, responsible: k.owner, dueOn: k.dueOn, at });
        }
      });
    }
    for (const [position, k] of demo.commitments.entries()) {
      const report = k.reported;
      if (!report) continue;
      await later(demo.about, report.afterDays, async (c, at) => {
        const who = author(report.by);
        const commitment = await tx.one<{ id: number }>('SELECT id FROM commitments WHERE agreement_id = $1 AND position = $2', [agreement!.id, position]);
        await updateCommitment(tx, commitment.id, { status: 'reported', evidence: report.evidence, byUserId: who.authorUserId, at });
        await closeCommitmentDeadline(tx, commitment.id, at);
        const event = { commitmentId: commitment.id, agreementId: agreement!.id, owner: k.owner };
        await insertCaseEvent(tx, { caseId: c.id, kind: 'commitments.reported', actorUserId: who.authorUserId, actorRole: who.authorRole, data: event, at });
        await write(c.id, c.companyId, at, { by: report.by, kind: 'commitment_reported', data: event });
      });
    }
  }

  for (const list of steps.values()) {
    for (const step of list.sort((a, b) => a.at.getTime() - b.at.getTime())) await step.run();
  }
}
