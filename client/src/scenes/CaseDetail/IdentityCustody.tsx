/**
 * The identity custodian's panel on a confidential case, for ombudsman officers (issue #15 §2): the
 * identity stays masked until the officer asks for it with a reason; the answer shows it for a bounded
 * time (and the server logs that reveal once), or says it waits for a second officer, who approves or
 * refuses it here. The requester never sees decision buttons on their own request.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IdentityCustodyDto } from '../../../../shared/types/custody';
import { CUSTODY_TEXT_MAX, identityRevealSchema } from '../../../../shared/validation/custody';
import { apiSend } from '../../api/client';
import { CountedTextarea } from '../../components/CountedTextarea';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field } from '../../components/Field';
import { checkWith } from '../../forms/fieldMessages';
import { bogotaDateTime } from '../../forms/format';
import { useApiQuery } from '../../hooks/useApiQuery';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/screens.css';

const NAMESPACES = ['custody', 'errors'] as const;

/** The panel for case `caseId`; `onRevealed` refetches the case so its page shows the identity too. */
export function IdentityCustody({ caseId, onRevealed }: { caseId: string; onRevealed: () => void }) {
  const { t, i18n } = useTranslation(NAMESPACES);
  const id = useId();
  const query = useApiQuery<IdentityCustodyDto>(`/api/cases/${encodeURIComponent(caseId)}/identity-custody`);
  const [fromAction, setFromAction] = useState<IdentityCustodyDto | null>(null);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, fieldErrors: errors, setFieldErrors: setErrors, formError: failure, run } = useSubmit();
  const custody = fromAction ?? query.data;
  if (!custody) return query.error ? <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} /> : null;
  if (!custody.protected) return null;

  async function send(path: string, body: unknown) {
    await run(async () => {
      const answer = await apiSend<IdentityCustodyDto>('POST', path, body);
      setFromAction(answer);
      setAsking(false);
      setReason('');
      if (answer.identity) onRevealed();
      return null;
    });
  }

  const pendingMine = custody.requests.some((r) => r.mine && r.status === 'pending');
  const when = (iso: string) => bogotaDateTime(iso, i18n.language);
  return (
    <section aria-labelledby={`${id}-title`} className="identity-custody">
      <h2 id={`${id}-title`}>{t('custody:identity.title')}</h2>
      {custody.identity ? (
        <>
          <p role="status">{t('custody:identity.revealedUntil', { time: when(custody.revealedUntil!) })}</p>
          <dl>
            <dt>{t('custody:identity.name')}</dt>
            <dd>{custody.identity.name}</dd>
            {custody.identity.documentId && (
              <>
                <dt>{t('custody:identity.documentId')}</dt>
                <dd>{custody.identity.documentId}</dd>
              </>
            )}
            {custody.identity.phone && (
              <>
                <dt>{t('custody:identity.phone')}</dt>
                <dd>{custody.identity.phone}</dd>
              </>
            )}
            {custody.identity.email && (
              <>
                <dt>{t('custody:identity.email')}</dt>
                <dd>{custody.identity.email}</dd>
              </>
            )}
          </dl>
        </>
      ) : (
        <p>{t('custody:identity.masked')}</p>
      )}
      {pendingMine && <p role="status">{t('custody:identity.waiting')}</p>}
      {failure && (
        <p className="alert alert-error" role="alert">
          {failure}
        </p>
      )}
      {!custody.identity && !pendingMine && !asking && (
        <button type="button" className="button button-secondary" onClick={() => setAsking(true)}>
          {t('custody:identity.reveal')}
        </button>
      )}
      {asking && (
        <form
          className="form"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const problems = checkWith(identityRevealSchema, { reason });
            setErrors(problems ?? {});
            if (!problems) void send(`/api/cases/${encodeURIComponent(caseId)}/identity-reveals`, { reason });
          }}
        >
          {custody.requiresApproval && <p>{t('custody:identity.approvalNeeded')}</p>}
          <Field id={`${id}-reason`} label={t('custody:identity.reason')} hint={t('custody:identity.reasonHint')} error={errors.reason}>
            {(control) => <CountedTextarea control={control} rows={3} value={reason} onChange={setReason} maximum={CUSTODY_TEXT_MAX} />}
          </Field>
          <div className="button-row">
            <button type="submit" className="button button-primary" disabled={busy}>
              {busy ? t('custody:identity.sending') : t('custody:identity.submit')}
            </button>
            <button type="button" className="button button-secondary" onClick={() => setAsking(false)} disabled={busy}>
              {t('custody:identity.cancel')}
            </button>
          </div>
        </form>
      )}
      {custody.requests.length > 0 && (
        <>
          <h3>{t('custody:identity.requests')}</h3>
          <ul>
            {custody.requests.map((r) => (
              <li key={r.id}>
                {t('custody:identity.requestLine', { who: r.requestedBy, at: when(r.requestedAt), reason: r.reason })} —{' '}
                {t(`custody:identity.status.${r.status}`)}
                {r.canDecide && (
                  <span className="button-row">
                    <button
                      type="button"
                      className="button button-primary"
                      disabled={busy}
                      onClick={() => void send(`/api/cases/${encodeURIComponent(caseId)}/identity-reveals/${r.id}/decision`, { decision: 'approve' })}
                    >
                      {t('custody:identity.approve')}
                    </button>
                    <button
                      type="button"
                      className="button button-secondary"
                      disabled={busy}
                      onClick={() => void send(`/api/cases/${encodeURIComponent(caseId)}/identity-reveals/${r.id}/decision`, { decision: 'refuse' })}
                    >
                      {t('custody:identity.refuse')}
                    </button>
                  </span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
