/**
 * The referral ladder on a case page (issue #17 item 5): when the case was not admitted or closed
 * without agreement, the other remedies it was offered, how to reach each, the printable referral
 * packet, and a form to say what became of each referral. Shown to the complainant's side and the
 * ombudsman; the server answers 404 to the company, and then nothing shows.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { REFERRAL_OUTCOMES, type ReferralOutcome, type ReferralRemedy } from '../../../../shared/referralRemedies';
import type { CaseStatus } from '../../../../shared/caseLifecycle';
import type { CaseReferralsDto } from '../../../../shared/types/referrals';
import { apiSend } from '../../api/client';
import { useApiQuery } from '../../hooks/useApiQuery';
import '../../styles/screens.css';

/** Statuses that come with the ladder. */
const WITH_LADDER: readonly CaseStatus[] = ['not_admitted', 'closed_unresolved'];

/** The ladder of case `caseId`, when its `status` has one. */
export function ReferralLadder({ caseId, status }: { caseId: string; status: CaseStatus }) {
  return WITH_LADDER.includes(status) ? <Ladder caseId={caseId} /> : null;
}

function Ladder({ caseId }: { caseId: string }) {
  const { t } = useTranslation(['effectiveness', 'app']);
  const id = useId();
  const query = useApiQuery<CaseReferralsDto>(`/api/cases/${caseId}/referrals`);
  const data = query.data;
  if (!data || data.referrals.length === 0) return null;
  return (
    <section className="card referral-ladder" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('effectiveness:ladder.title')}</h2>
      <p>{t('effectiveness:ladder.intro')}</p>
      <p>
        <a href={data.packetUrl} target="_blank" rel="noopener">
          {t('effectiveness:ladder.packet')}
        </a>
      </p>
      <p className="hint">{t('effectiveness:packet.always')}</p>
      <ul className="stack">
        {data.referrals.map((r) => (
          <li key={r.remedy}>
            <Remedy caseId={caseId} remedy={r.remedy} outcome={r.outcome} note={r.outcomeNote} onSaved={() => void query.reload()} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Remedy(props: { caseId: string; remedy: ReferralRemedy; outcome: ReferralOutcome; note: string | null; onSaved: () => void }) {
  const { t } = useTranslation(['effectiveness', 'app']);
  const id = useId();
  const [outcome, setOutcome] = useState(props.outcome);
  const [note, setNote] = useState(props.note ?? '');
  const [state, setState] = useState<'idle' | 'saving' | 'saved' | string>('idle');
  const save = async () => {
    setState('saving');
    try {
      await apiSend('PUT', `/api/cases/${props.caseId}/referrals/${props.remedy}`, { outcome, ...(note.trim() ? { note } : {}) });
      setState('saved');
      props.onSaved();
    } catch (err) {
      setState(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <div>
      <h3>{t(`effectiveness:remedy.${props.remedy}.name`)}</h3>
      <p>{t(`effectiveness:remedy.${props.remedy}.what`)}</p>
      <p>{t(`effectiveness:remedy.${props.remedy}.how`)}</p>
      <label htmlFor={`${id}-outcome`}>{t('effectiveness:ladder.outcomeLabel')}</label>
      <select id={`${id}-outcome`} value={outcome} onChange={(e) => setOutcome(e.target.value as ReferralOutcome)}>
        {REFERRAL_OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {t(`effectiveness:outcome.${o}`)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-note`}>{t('effectiveness:ladder.note')}</label>
      <input id={`${id}-note`} type="text" maxLength={500} value={note} onChange={(e) => setNote(e.target.value)} />
      <button type="button" onClick={() => void save()} disabled={state === 'saving'}>
        {t('effectiveness:ladder.save')}
      </button>
      <p role="status">{state === 'saved' ? t('effectiveness:ladder.saved') : state !== 'idle' && state !== 'saving' ? state : ''}</p>
    </div>
  );
}
