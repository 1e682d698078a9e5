/**
 * Where a person meets a collective complaint, the way to join it (issue #17 item 2): the collective
 * complaints whose promoters opened them to more people, each linking to `/sumarse?ref=…`, and, on the
 * tracking page of such a complaint, an invitation its promoters can pass on. Both read the public list
 * (`GET /api/collective`), which holds only open, listed, non-red-flag cases: nothing shows otherwise.
 */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { PublicCollectiveListDto } from '../../../../shared/types/learning';
import { useApiQuery } from '../../hooks/useApiQuery';
import '../../styles/screens.css';

/** The address that opens the joining page on complaint `reference`. */
export function joinPath(reference: string): string {
  return `/sumarse?ref=${encodeURIComponent(reference)}`;
}

/** The publicly listed collective complaints, each with its link to join; nothing when there are none. */
export function OpenCollectives() {
  const { t } = useTranslation(['intakeUi']);
  const listed = useApiQuery<PublicCollectiveListDto>('/api/collective');
  const collectives = listed.data?.collectives ?? [];
  if (collectives.length === 0) return null;
  return (
    <section aria-labelledby="open-collectives" className="stack open-collectives">
      <h2 id="open-collectives">{t('intakeUi:joinLinks.openTitle')}</h2>
      <p>{t('intakeUi:joinLinks.openIntro')}</p>
      <ul>
        {collectives.map((c) => (
          <li key={c.reference}>
            <strong>{c.groupName ?? c.reference}</strong> — {c.municipality}, {c.categories.join(', ')} ·{' '}
            {t('intakeUi:joinLinks.speaksFor', { count: c.count.speaksFor })}{' '}
            <Link to={joinPath(c.reference)}>{t('intakeUi:joinLinks.join', { reference: c.reference })}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** On the tracking page of collective complaint `reference`: when it is open to more people, how others join. */
export function CollectiveInvite({ reference }: { reference: string }) {
  const { t } = useTranslation(['intakeUi']);
  const listed = useApiQuery<PublicCollectiveListDto>('/api/collective');
  if (!listed.data?.collectives.some((c) => c.reference === reference)) return null;
  return (
    <section className="card collective-invite" aria-label={t('intakeUi:joinLinks.openTitle')}>
      <p>{t('intakeUi:joinLinks.invite', { reference })}</p>
      <p>
        <Link to={joinPath(reference)}>{t('intakeUi:joinLinks.inviteLink')}</Link>
      </p>
    </section>
  );
}
