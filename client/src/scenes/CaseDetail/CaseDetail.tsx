/**
 * `/casos/:id`: one case for logged-in people — status, facts, history, attachments, the actions the
 * server allows them now, and the live dialogue (thread, meetings, agreement, outcome); refreshed live
 * when the case changes.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type { CaseDetailDto } from '../../../../shared/types/intake';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useAnnouncer } from '../../hooks/useAnnouncer';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { UI_NAMESPACES } from '../../i18n';
import { useSocketEvent, useSocketReconnect } from '../../realtime/socket';
import { CaseActions } from './CaseActions';
import { CaseHeading, CaseView } from './CaseView';
import { CaseDeadlines } from './CaseDeadlines';
import { ReferralLadder } from './ReferralLadder';
import { CaseLearning } from './CaseLearning';
import { IdentityCustody } from './IdentityCustody';
import { ReprisalPanel } from './ReprisalPanel';
import { ReprisalReport } from './ReprisalReport';
import { DialoguePanels } from './dialogue/DialoguePanels';
import type { ReaderSide } from './dialogue/steps';
import { useSession } from '../../hooks/useSession';
import type { Role } from '../../../../shared/roles';
import '../../styles/cases.css';
import '../../styles/screens.css';

/** The side of a case a role speaks for (admins see no case). */
function sideOfRole(role: Role): ReaderSide | null {
  if (role === 'ombudsman') return 'ombudsman';
  if (role === 'liaison') return 'company';
  if (role === 'complainant' || role === 'facilitator') return 'complainant';
  return null;
}

/** `/casos/:id` */
export function CaseDetail() {
  const { t } = useTranslation(UI_NAMESPACES);
  const { id = '' } = useParams();
  const query = useApiQuery<CaseDetailDto>(`/api/cases/${encodeURIComponent(id)}`);
  const { user } = useSession();
  const side = user ? sideOfRole(user.role) : null;
  // The answer of an action is newer than the last fetch until the next fetch arrives.
  const [fromAction, setFromAction] = useState<CaseDetailDto | null>(null);
  const [announcement, announce] = useAnnouncer();
  const { reload } = query;
  const detail = fromAction ?? query.data;
  usePageTitle(detail ? t('intakeUi:case.title', { reference: detail.reference }) : undefined);

  const fetchedData = query.data;
  const lastFetched = useRef(fetchedData);
  useEffect(() => {
    if (lastFetched.current !== fetchedData) {
      lastFetched.current = fetchedData;
      setFromAction(null);
    }
  }, [fetchedData]);

  useSocketEvent('cases.changed', ({ caseId }) => {
    if (caseId !== detail?.id) return;
    void reload().then((fresh) => {
      if (fresh) announce(t('intakeUi:case.updated'));
    });
  });
  useSocketReconnect(() => void reload());

  if (!detail) {
    if (query.error) {
      return (
        <div className="stack">
          <ErrorMessage message={query.error.message} onRetry={query.error.status === 404 ? undefined : () => void reload()} busy={query.loading} />
          <Link to="/casos">{t('intakeUi:case.backToList')}</Link>
        </div>
      );
    }
    return <Loading />;
  }

  return (
    <div className="stack">
      <p>
        <Link to="/casos">{t('intakeUi:case.backToList')}</Link>
      </p>
      <CaseHeading reference={detail.reference} announcement={announcement} />
      {query.error && <ErrorMessage message={`${query.error.message} ${t('intakeUi:case.stale')}`} onRetry={() => void reload()} busy={query.loading} />}
      <CaseView detail={detail} />
      {side === 'ombudsman' && detail.identityMode === 'confidential' && <IdentityCustody caseId={detail.id} onRevealed={() => void reload()} />}
      <CaseDeadlines caseId={detail.id} />
      <CaseLearning caseId={detail.id} />
      {/* The company is not told where the complainant may take the case (its ladder answers 404 to a liaison). */}
      {side !== 'company' && <ReferralLadder caseId={detail.id} status={detail.status} />}
      <CaseActions detail={detail} onChanged={setFromAction} announce={announce} onReload={() => void reload()} />
      {side && user && <DialoguePanels caseId={detail.id} side={side} userId={user.id} onCaseUpdated={() => void reload()} />}
      {side === 'ombudsman' && <ReprisalPanel caseId={detail.id} />}
      {side === 'complainant' && <ReprisalReport caseId={detail.id} />}
    </div>
  );
}
