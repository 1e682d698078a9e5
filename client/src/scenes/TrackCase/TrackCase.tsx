/**
 * `/seguimiento`: follow a complaint without an account. The reference and the receipt key open the
 * case; the session then remembers it, so `?ref=` survives a reload without typing the key again. The
 * anonymous complainant takes part in the dialogue from here, live, like everyone else on their case page.
 * The form comes first and light: the checks (zod) and the case's own screens download when needed.
 */
import { useEffect, useEffectEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'wouter';
import type { CaseDetailDto } from '../../../../shared/types/intake';
import { apiGet, apiSend, isAbortError, toApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { checkWith, type FieldMessages } from '../../forms/fieldMessages';
import { useAnnouncer } from '../../hooks/useAnnouncer';
import { usePageTitle } from '../../hooks/usePageTitle';
import { loadTexts, UI_NAMESPACES } from '../../i18n';
import { CodeField } from './CodeField';
import { useRealtimeConnection } from '../../realtime/socket';
import '../../styles/screens.css';

type CaseParts = typeof import('./trackedCaseParts');
// With the rest of the texts (src/i18n.ts): the case's parts speak of deadlines, dialogue and actions.
const loadParts = (): Promise<CaseParts> => Promise.all([import('./trackedCaseParts'), loadTexts('more')]).then(([parts]) => parts);

/** `/seguimiento` */
export function TrackCase() {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [params, setParams] = useSearchParams();
  const remembered = params.get('ref') ?? '';
  const [reference, setReference] = useState(remembered);
  const [receiptKey, setReceiptKey] = useState('');
  const [errors, setErrors] = useState<FieldMessages>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [detail, setDetail] = useState<CaseDetailDto | null>(null);
  const [resuming, setResuming] = useState(remembered !== '');
  // The case's screens, downloaded beside the case itself: the page is drawn once, whole, when both are
  // here (drawing a placeholder first made everything below it jump when they arrived).
  const [parts, setParts] = useState<CaseParts | null>(null);
  const [announcement, announce] = useAnnouncer();
  const headingRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('intakeUi:track.title'));
  // Live while a case is open: the session follows it, so the socket handshake is accepted.
  useRealtimeConnection(detail ? `track:${detail.id}` : null);

  // After a reload the session may still remember the case: open it without asking for the key.
  // Only on arrival or when the address names another case, not when the case shown changes: it is read, not watched.
  const showingCase = useEffectEvent(() => detail !== null);
  useEffect(() => {
    if (!remembered || showingCase()) {
      // eslint-disable-next-line react-hooks/set-state-in-effect -- nothing to resume: the form must stop waiting for a case that will not come
      setResuming(false);
      return;
    }
    const controller = new AbortController();
    const partsArrive = loadParts().then(setParts, () => undefined);
    apiGet<CaseDetailDto>(`/api/track/${encodeURIComponent(remembered)}`, { signal: controller.signal })
      .then(async (found) => {
        await partsArrive;
        if (!controller.signal.aborted) setDetail(found);
      })
      .catch((error: unknown) => {
        // 404: the session forgot the case (or never had it) — the form asks for the key.
        if (!isAbortError(error) && toApiError(error).status !== 404) setFailure(toApiError(error).message);
      })
      .finally(() => {
        if (!controller.signal.aborted) setResuming(false);
      });
    return () => controller.abort();
  }, [remembered]);

  async function open() {
    setFailure(null);
    const body = { reference, receiptKey };
    // Fetched beside the check, so the case's screens are on their way while the server looks it up.
    const partsArrive = loadParts().then(setParts, () => undefined);
    let trackSchema: typeof import('../../../../shared/validation/intake').trackSchema;
    try {
      ({ trackSchema } = await import('../../../../shared/validation/intake'));
    } catch (error) {
      console.warn('Could not load the tracking checks', error);
      setFailure(t('network.offline'));
      return;
    }
    const problems = checkWith(trackSchema, body);
    if (problems) {
      setErrors(problems);
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const found = await apiSend<CaseDetailDto>('POST', '/api/track', trackSchema.parse(body));
      await partsArrive;
      setDetail(found);
      setReceiptKey('');
      setParams({ ref: found.reference }, { replace: true });
      window.requestAnimationFrame(() => headingRef.current?.focus());
    } catch (error) {
      const apiError = toApiError(error);
      setErrors(apiError.fieldMessages());
      setFailure(apiError.message);
    } finally {
      setBusy(false);
    }
  }

  async function refresh() {
    if (!detail) return;
    try {
      setDetail(await apiGet<CaseDetailDto>(`/api/track/${encodeURIComponent(detail.reference)}`));
    } catch (error) {
      setFailure(toApiError(error).message);
    }
  }

  function close() {
    setDetail(null);
    setParams({}, { replace: true });
    setReference('');
  }

  if (resuming) return <Loading />;

  if (detail && !parts) {
    // The case arrived but its screens could not be downloaded (no signal, not kept on the phone yet).
    return <ErrorMessage message={t('network.offline')} onRetry={() => void loadParts().then(setParts, () => undefined)} />;
  }

  if (detail && parts) {
    const { CaseActions, CaseDeadlines, CaseHeading, CaseView, CollectiveInvite, DialoguePanels, ReferralLadder, ReprisalReport } = parts;
    return (
      <div className="stack">
        <CaseHeading reference={detail.reference} announcement={announcement} headingRef={headingRef} />
        {failure && <ErrorMessage message={failure} onRetry={() => void refresh()} />}
        <CaseView detail={detail} />
        {detail.collective && <CollectiveInvite reference={detail.reference} />}
        <CaseDeadlines caseId={detail.id} />
        {/* The other remedies and the referral packet, as the case page shows them to account holders (issue #17 item 5). */}
        <ReferralLadder caseId={detail.id} status={detail.status} />
        <CaseActions detail={detail} onChanged={setDetail} announce={announce} onReload={() => void refresh()} />
        <DialoguePanels caseId={detail.id} side="complainant" userId={null} onCaseUpdated={() => void refresh()} />
        {/* With the receipt key as with an account: retaliation reaches only the Defensoría (issue #15 §5). */}
        <ReprisalReport caseId={detail.id} />
        <div className="button-row">
          <button type="button" className="button button-secondary" onClick={() => void refresh()}>
            {t('intakeUi:track.refresh')}
          </button>
          <button type="button" className="button button-secondary" onClick={close}>
            {t('intakeUi:track.another')}
          </button>
        </div>
        <p>
          <Link to="/mis-datos">{t('intakeUi:track.myData')}</Link>
        </p>
      </div>
    );
  }

  return (
    <div className="stack narrow">
      <h1>{t('intakeUi:track.title')}</h1>
      <p>{t('intakeUi:track.intro')}</p>
      <form
        className="form"
        noValidate
        aria-busy={busy}
        onSubmit={(event) => {
          event.preventDefault();
          void open();
        }}
      >
        {failure && <ErrorMessage message={failure} />}
        <CodeField
          id={`${id}-ref`}
          label={t('intakeUi:track.reference')}
          hint={t('intakeUi:track.referenceHint')}
          error={errors.reference}
          value={reference}
          onChange={setReference}
        />
        <CodeField
          id={`${id}-key`}
          label={t('intakeUi:track.key')}
          hint={t('intakeUi:track.keyHint')}
          error={errors.receiptKey}
          value={receiptKey}
          onChange={setReceiptKey}
        />
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? t('intakeUi:track.opening') : t('intakeUi:track.open')}
        </button>
      </form>
      <p className="hint">{t('intakeUi:track.lostKey')}</p>
    </div>
  );
}
