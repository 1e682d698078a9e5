/**
 * The audit record's daily digests on the public transparency page (docs/audit.md): anyone may keep
 * one; if the history is ever rewritten, `npm run admin -- verify-audit` and the kept digest disagree.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditDigestListDto } from '../../../../shared/types/audit';
import { useApiQuery } from '../../hooks/useApiQuery';
import { DataTable } from '../../components/TableScroll';
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
        <DataTable
          label={t('digests.title')}
          columns={[
            { label: t('digests.day'), cell: (d) => <time dateTime={d.madeAt}>{when.format(new Date(d.madeAt))}</time> },
            { label: t('digests.entries'), numeric: true, cell: (d) => new Intl.NumberFormat(i18n.language).format(d.entries) },
            { label: t('digests.hash'), cell: (d) => <code className="digest-hash">{d.hash}</code> },
          ]}
          rows={list}
          rowKey={(d) => d.day}
        />
      )}
    </section>
  );
}
