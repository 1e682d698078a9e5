/** One case in a queue, as a card that reads well on a narrow phone. */
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { Role } from '../../../../shared/roles';
import type { CaseSummaryDto } from '../../../../shared/types/api';
import { CategoryIcon } from '../../components/CategoryIcon';
import { StatusBadge } from '../../components/StatusBadge';
import { DeadlineBadge } from '../../components/DeadlineBadge';
import { UI_NAMESPACES } from '../../i18n';
import '../../styles/cases.css';
import '../../styles/screens.css';

/** What the reader may call the complainant: the name when shown, otherwise the reserved or anonymous label. */
function useComplainantLabel(item: CaseSummaryDto): string {
  const { t } = useTranslation(UI_NAMESPACES);
  if (item.complainantName) return item.complainantName;
  return item.identityMode === 'anonymous' ? t('domain:complainant.anonymous') : t('domain:complainant.reserved');
}

/** A case summary; `dateFormat` is shared by the list so it is built once per language. */
export function CaseCard({ item, role, dateFormat }: { item: CaseSummaryDto; role: Role; dateFormat: Intl.DateTimeFormat }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const complainant = useComplainantLabel(item);
  const headingId = `case-${item.id}`;
  // The people on the community side are the ones who need each status explained in words.
  const explainStatus = role === 'complainant' || role === 'facilitator';

  return (
    <li className={`case-card${item.redFlag && role === 'ombudsman' ? ' case-card-flagged' : ''}`}>
      <article aria-labelledby={headingId}>
        <div className="case-card-top">
          <h2 id={headingId} className="case-reference">
            <Link to={`/casos/${item.id}`}>
              <span className="visually-hidden">{t('cases.reference')} </span>
              {item.reference}
            </Link>
          </h2>
          <StatusBadge status={item.status} explain={explainStatus} />
        </div>
        {item.unreadCount > 0 && (
          <p className="unread-badge">
            <span aria-hidden="true">💬 </span>
            {t('dialogue:unread', { count: item.unreadCount })}
          </p>
        )}

        {item.deadline && <DeadlineBadge deadline={item.deadline} />}

        {(item.isCollective || (item.redFlag && role === 'ombudsman')) && (
          <ul className="markers">
            {item.redFlag && role === 'ombudsman' && (
              <li className="marker marker-flag">
                <span aria-hidden="true">⚑ </span>
                {t('cases.redFlag')}
              </li>
            )}
            {item.isCollective && (
              <li className="marker">
                <span aria-hidden="true">👥 </span>
                {t('cases.collective')}
              </li>
            )}
          </ul>
        )}

        {item.summary && <p className="case-summary">{item.summary}</p>}

        <dl className="case-facts">
          <div>
            <dt>{t('cases.company')}</dt>
            <dd>{item.company?.name ?? t('cases.companyUnknown')}</dd>
          </div>
          <div>
            <dt>{t('cases.categories')}</dt>
            <dd>
              <ul className="inline-list">
                {item.categories.map((category) => (
                  <li key={category.code}>
                    <CategoryIcon icon={category.icon} /> {category.name}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
          <div>
            <dt>{t('cases.municipality')}</dt>
            <dd>{item.municipality}</dd>
          </div>
          <div>
            <dt>{t('cases.complainant')}</dt>
            <dd>{complainant}</dd>
          </div>
          <div>
            <dt>{t('cases.createdAt')}</dt>
            <dd>
              <time dateTime={item.createdAt}>{dateFormat.format(new Date(item.createdAt))}</time>
            </dd>
          </div>
        </dl>
      </article>
    </li>
  );
}
