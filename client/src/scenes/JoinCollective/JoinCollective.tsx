/**
 * `/sumarse`: a community member joins a collective complaint (issue #17 item 2) — by the reference its
 * promoters gave them, or from the list of those opened to more people — as a signatory with their own
 * identity mode: named (the company may know), confidential (only the Defensoría) or anonymous.
 */
import { useEffect, useEffectEvent, useState, type FormEvent } from 'react';
import { useSearchParams } from 'wouter';
import { useTranslation } from 'react-i18next';
import type { IdentityMode } from '../../../../shared/types/api';
import type { JoinedCollectiveDto, PublicCollectiveDto, PublicCollectiveListDto } from '../../../../shared/types/learning';
import { IDENTITY_MODES } from '../../../../shared/validation/intakeChoices';
import { apiGet, apiSend, toApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TextField } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import '../../styles/screens.css';

const NAMESPACES = ['learning', 'app', 'domain', 'errors'] as const;

/** `/sumarse` */
export function JoinCollective() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('learning:join.title'));
  const listed = useApiQuery<PublicCollectiveListDto>('/api/collective');
  // `?ref=` comes from a link to one complaint (home, transparency, tracking page): it is looked up at once.
  const [params] = useSearchParams();
  const linked = params.get('ref')?.trim() ?? '';
  const [reference, setReference] = useState(linked);
  const [found, setFound] = useState<PublicCollectiveDto | null>(null);
  const [mode, setMode] = useState<IdentityMode>('confidential');
  const [name, setName] = useState('');
  const [documentId, setDocumentId] = useState('');
  const [error, setError] = useState('');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [joined, setJoined] = useState<JoinedCollectiveDto | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError('');
    setFields({});
    try {
      await work();
    } catch (err) {
      const apiError = toApiError(err);
      setFields(apiError.fieldMessages());
      setError(apiError.message);
    } finally {
      setBusy(false);
    }
  }

  const lookUp = (ref: string) => run(async () => setFound(await apiGet<PublicCollectiveDto>(`/api/collective/${encodeURIComponent(ref)}`)));

  // Only when the address names another complaint: the look-up is read, not watched.
  const lookUpLinked = useEffectEvent((ref: string) => void lookUp(ref));
  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a look-up the address asks for shows it is busy at once, like one asked for with the button
    if (linked) lookUpLinked(linked);
  }, [linked]);

  function find(event: FormEvent) {
    event.preventDefault();
    void lookUp(reference.trim());
  }

  function join(event: FormEvent) {
    event.preventDefault();
    if (!found) return;
    const body = mode === 'anonymous' ? { identityMode: mode } : { identityMode: mode, identity: { name, ...(documentId ? { documentId } : {}) } };
    void run(async () => setJoined(await apiSend<JoinedCollectiveDto>('POST', `/api/collective/${encodeURIComponent(found.reference)}/signatories`, body)));
  }

  if (joined) {
    return (
      <div className="stack">
        <h1>{t('learning:join.title')}</h1>
        <div className="alert alert-info" role="status">
          <p>{t('learning:join.joined', { reference: joined.reference, count: joined.count.speaksFor })}</p>
        </div>
      </div>
    );
  }
  return (
    <div className="stack">
      <h1>{t('learning:join.title')}</h1>
      <p>{t('learning:join.intro')}</p>
      {error && <ErrorMessage message={error} />}
      <form className="form" noValidate onSubmit={find} aria-busy={busy}>
        <TextField label={t('learning:join.reference')} value={reference} onChange={setReference} required />
        <button type="submit" className="button button-secondary" disabled={busy}>
          {t('learning:join.find')}
        </button>
      </form>
      {found && (
        <section className="panel stack" aria-labelledby="join-found">
          <h2 id="join-found">{found.groupName ?? found.reference}</h2>
          <p>{t('learning:join.found', { reference: found.reference, municipality: found.municipality, categories: found.categories.join(', ') })}</p>
          <p>{t('learning:case.speaksFor', { count: found.count.speaksFor })}</p>
          <form className="form" noValidate onSubmit={join} aria-busy={busy}>
            <fieldset>
              <legend>{t('learning:join.identityMode')}</legend>
              {IDENTITY_MODES.map((m) => (
                <div key={m} className="field field-checkbox">
                  <input id={`join-mode-${m}`} type="radio" name="identityMode" value={m} checked={mode === m} onChange={() => setMode(m)} />
                  <label htmlFor={`join-mode-${m}`}>{t(`domain:identityMode.${m}`)}</label>
                </div>
              ))}
            </fieldset>
            {mode !== 'anonymous' && (
              <>
                <TextField label={t('learning:join.name')} value={name} onChange={setName} error={fields['identity.name']} required autoComplete="name" />
                <TextField
                  label={t('learning:join.documentId')}
                  value={documentId}
                  onChange={setDocumentId}
                  error={fields['identity.documentId']}
                  inputMode="numeric"
                />
              </>
            )}
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('learning:join.submit')}
            </button>
          </form>
        </section>
      )}
      <section aria-labelledby="join-public" className="stack">
        <h2 id="join-public">{t('learning:join.public')}</h2>
        {listed.error && <ErrorMessage message={listed.error.message} onRetry={() => void listed.reload()} />}
        {listed.data?.collectives.length === 0 && <p className="empty">{t('learning:join.noPublic')}</p>}
        <ul>
          {listed.data?.collectives.map((c) => (
            <li key={c.reference}>
              <strong>{c.groupName}</strong> — {c.municipality}, {c.categories.join(', ')} · {t('learning:case.speaksFor', { count: c.count.speaksFor })}{' '}
              <button type="button" className="button button-secondary button-small" onClick={() => setFound(c)}>
                {t('learning:join.choose')}
              </button>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
