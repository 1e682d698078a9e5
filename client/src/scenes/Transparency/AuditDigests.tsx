/**
 * The audit record's daily digests on the public transparency page (docs/audit.md): anyone may keep
 * one; if the history is ever rewritten, `npm run admin -- verify-audit` and the kept digest disagree.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditDigestListDto } from '../../../../shared/types/audit';
import { useApiQuery } from '../../hooks/useApiQuery';
import { TableScroll } from '../../components/TableScroll';
import '../../styles/public.css';
import '../../styles/screens.css';

/** The digests section; says nothing while they load or when none is made yet. */
export function AuditDigests() {
  const { t, i18n } = useTranslation(['transparency']);
  const id = useId();
  const digests = useApiQuery<AuditDigestListDto>('/api/transparency/audit-digests');
  const list = digests.data?.digests ?? [];
  const when = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Bogota' });
  return (
    <section aria-labelledby={id} className="audit-digests">
      <h2 id={id}>{t('digests.title')}</h2>
      <p className="hint">{t('digests.explain')}</p>
      {list.length === 0 ? (
        digests.data && <p>{t('digests.none')}</p>
      ) : (
        <TableScroll label={t('digests.title')}>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t('digests.day')}</th>
                <th scope="col">{t('digests.entries')}</th>
                <th scope="col">{t('digests.hash')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((d) => (
                <tr key={d.day}>
                  <th scope="row">
                    <time dateTime={d.madeAt}>{when.format(new Date(d.madeAt))}</time>
                  </th>
                  <td className="numeric">{new Intl.NumberFormat(i18n.language).format(d.entries)}</td>
                  <td>
                    <code className="digest-hash">{d.hash}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </section>
  );
}
