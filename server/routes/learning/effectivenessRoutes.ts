/**
 * The effectiveness report and the referral ladder (issue #17 items 4–5). Thin: validate → load and
 * authorize (casePolicy, learningPolicy) → command → present. The report is the ombudsman's alone
 * (404 to everyone else, logged in or not); a case's ladder and packet are its complainant's side's and
 * the ombudsman's (404 to the company and to anyone who may not see the case).
 */
import { Router, type Request } from 'express';
import { pathId } from '../../http/pathId';
import { bogotaDate } from '../../../shared/calendar';
import type { CaseReferralsDto } from '../../../shared/types/referrals';
import { transparencyQuery } from '../../../shared/validation/oversight';
import { consequenceSchema, referralOutcomeSchema, remedyParam } from '../../../shared/validation/effectiveness';
import type { AppContext } from '../../context';
import { NotFound } from '../../errors';
import { currentUser } from '../../http/requestContext';
import { caseReaderOf } from '../../http/tracking';
import { parseInput } from '../../http/validate';
import { toCsv } from '../../http/csv';
import { translatorFor } from '../../i18n';
import { canOverseeMechanism } from '../../policies/casePolicy';
import { canUseReferralLadder } from '../../policies/learningPolicy';
import { findCase, findCaseDetail } from '../../repositories/cases';
import { resolveMechanism } from '../../http/mechanismResolver';
import { effectivenessReport } from '../../learning/effectiveness';
import { assessConsequence } from '../../learning/consequenceAssessor';
import { recordReferralOutcome } from '../../learning/referralLadder';
import { renderReferralPacket } from '../../learning/referralPacket';
import { listCaseReferrals, packetHistory } from '../../repositories/referrals';
import { requireOmbudsman } from '../../http/areaGates';

const DAY_MS = 86_400_000;

/** Routes under /api/oversight/effectiveness and /api/cases/:id (consequence, referrals). */
export function effectivenessRoutes(ctx: AppContext): Router {
  const router = Router();

  async function report(req: Request) {
    const user = currentUser(req);
    const query = parseInput(transparencyQuery, req.query);
    const mechanism = await resolveMechanism(ctx.db, { named: query.mechanism, own: user.mechanismId });
    if (!canOverseeMechanism(user, mechanism.id)) throw new NotFound();
    const now = ctx.clock.now();
    const to = query.to ?? bogotaDate(now);
    const from = query.from ?? bogotaDate(new Date(now.getTime() - 365 * DAY_MS));
    const language = query.lang ?? req.language;
    return { language, data: await effectivenessReport(ctx, mechanism, { from, to }, language, now) };
  }

  router.get('/oversight/effectiveness', requireOmbudsman, async (req, res) => {
    res.json((await report(req)).data);
  });

  router.get('/oversight/effectiveness.csv', requireOmbudsman, async (req, res) => {
    const { language, data } = await report(req);
    const t = translatorFor(language);
    const rows = data.tables.flatMap((table) =>
      table.rows.flatMap((row) => [
        [
          t(`effectiveness:table.${table.id}`),
          t(`effectiveness:dimension.${table.dimension}`),
          row.label,
          t('effectiveness:page.total'),
          row.total.value,
          row.total.base,
        ],
        ...row.cells.map((c, i) => [
          t(`effectiveness:table.${table.id}`),
          t(`effectiveness:dimension.${table.dimension}`),
          row.label,
          table.columns[i]!.label,
          c.value,
          c.base,
        ]),
      ]),
    );
    const pqrsd = data.pqrsd.flatMap((p) =>
      (['received', 'forwarded', 'refused', 'answered', 'medianResponse', 'answeredInTerm'] as const).map((k) => [
        t('effectiveness:page.pqrsd'),
        t(`effectiveness:page.kind.${p.kind}`),
        t(`effectiveness:page.${k}`),
        '',
        k === 'medianResponse' ? p.medianResponseDays : p[k],
        '',
      ]),
    );
    const referrals = data.referrals.flatMap((r) =>
      Object.entries(r.outcomes).map(([outcome, n]) => [
        t('effectiveness:page.referrals'),
        t(`effectiveness:remedy.${r.remedy}.name`),
        t(`effectiveness:outcome.${outcome}` as never),
        '',
        n,
        r.offered,
      ]),
    );
    const header = ['table', 'dimension', 'row', 'column', 'value', 'base'].map((k) => t(`effectiveness:csv.${k}` as never) as string);
    res.type('text/csv; charset=utf-8');
    res.attachment(`efectividad-${data.mechanism.slug}-${data.period.from}-${data.period.to}.csv`);
    res.send(toCsv(header, [...rows, ...pqrsd, ...referrals]));
  });

  router.put('/cases/:id/consequence', async (req, res) => {
    const reader = await caseReaderOf(ctx, req, req.params.id);
    const { level } = parseInput(consequenceSchema, req.body);
    await assessConsequence(ctx, reader, req.params.id, level);
    res.json({ level });
  });

  /** The case and who reads it, when that reader may use its referral ladder; else 404. */
  const ladderReader = async (req: Request, id: string) => {
    const reader = await caseReaderOf(ctx, req, id);
    const row = await findCase(ctx.db, id);
    if (!row || !canUseReferralLadder(reader, row)) throw new NotFound();
    return { reader, row };
  };

  router.get('/cases/:id/referrals', async (req, res) => {
    const { row } = await ladderReader(req, req.params.id);
    const referrals = await listCaseReferrals(ctx.db, row.id);
    const body: CaseReferralsDto = {
      referrals: referrals.map((r) => ({
        remedy: r.remedy,
        offeredAt: r.offeredAt.toISOString(),
        outcome: r.outcome,
        outcomeNote: r.outcomeNote,
        outcomeAt: r.outcomeAt?.toISOString() ?? null,
      })),
      packetUrl: `/api/cases/${row.id}/referral-packet`,
    };
    res.json(body);
  });

  router.put('/cases/:id/referrals/:remedy', async (req, res) => {
    const { reader, row } = await ladderReader(req, req.params.id);
    const remedy = remedyParam.safeParse(req.params.remedy);
    if (!remedy.success) throw new NotFound();
    const input = parseInput(referralOutcomeSchema, req.body);
    await recordReferralOutcome(ctx, reader, row.id, remedy.data, input);
    res.status(204).end();
  });

  router.get('/cases/:id/referral-packet', async (req, res) => {
    const { row } = await ladderReader(req, pathId(req.params.id));
    const [detail, history, referrals] = await Promise.all([findCaseDetail(ctx.db, row.id), packetHistory(ctx.db, row.id), listCaseReferrals(ctx.db, row.id)]);
    if (!detail || referrals.length === 0) throw new NotFound();
    const t = translatorFor(req.language);
    res.type('text/html; charset=utf-8');
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    res.send(renderReferralPacket(detail, history, referrals, t, req.language));
  });

  return router;
}
