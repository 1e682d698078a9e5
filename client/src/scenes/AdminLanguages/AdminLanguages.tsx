/**
 * `/admin/idiomas` (issue #14 §7): the languages the mechanism offers (written or audio-first), the
 * spreadsheet of each added language's texts for its translator (download, upload back, what stays in
 * Spanish), and the "Escuchar" clips of each language: play, upload, replace, delete.
 */
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminLanguageDto, AdminLanguageListDto, LanguageMode, TranslationImportDto } from '../../../../shared/languages';
import { LANGUAGE_MODES } from '../../../../shared/languages';
import type { AdminClipDto, AdminClipListDto } from '../../../../shared/types/admin';
import { mechanismLanguagesSchema } from '../../../../shared/validation/languages';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ADMIN_NAMESPACES, AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/desk.css';
import '../../styles/screens.css';

const NAMESPACES = ['languages', ...ADMIN_NAMESPACES] as const;

/** `/admin/idiomas` */
export function AdminLanguages() {
  const { t } = useTranslation(NAMESPACES);
  usePageTitle(t('languages:admin.title'));
  const { base } = useAdminMechanism();
  const list = useApiQuery<AdminLanguageListDto>(`${base}/languages`);
  const languages = list.data?.languages ?? [];
  const [clipLanguage, setClipLanguage] = useState('es');

  return (
    <div className="stack">
      <h1>{t('languages:admin.title')}</h1>
      <AdminNav />
      <p>{t('languages:admin.intro')}</p>
      {list.error && <ErrorMessage message={list.error.message} onRetry={() => void list.reload()} />}
      {!list.data && list.loading && <Loading />}
      {list.data && <LanguageList languages={languages} base={base} onChange={() => void list.reload()} />}
      {languages
        .filter((language) => !language.builtIn)
        .map((language) => (
          <TranslationPanel key={language.code} language={language} base={base} onImported={() => void list.reload()} />
        ))}
      {list.data && (
        <section className="panel stack" aria-labelledby="clips-title">
          <h2 id="clips-title">{t('languages:admin.clipsTitle')}</h2>
          <p>{t('languages:admin.clipsIntro')}</p>
          <SelectField label={t('languages:admin.clipsLanguage')} value={clipLanguage} onChange={setClipLanguage}>
            {languages.map((language) => (
              <option key={language.code} value={language.code}>
                {language.name} ({language.code})
              </option>
            ))}
          </SelectField>
          <ClipList key={clipLanguage} base={base} language={clipLanguage} onChange={() => void list.reload()} />
        </section>
      )}
    </div>
  );
}

/** The languages offered, each removable but Spanish, and the form that adds one. */
function LanguageList({ languages, base, onChange }: { languages: AdminLanguageDto[]; base: string; onChange: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [mode, setMode] = useState<LanguageMode>('audio_first');
  const added = languages.filter((l) => l.code !== 'es').map(({ code, name, mode }) => ({ code, name, mode }));

  async function save(next: typeof added): Promise<boolean> {
    const parsed = mechanismLanguagesSchema.safeParse({ languages: next });
    if (!parsed.success) {
      // The new language is the last of the list: its fields are the form's.
      const byField = issues(parsed.error.issues);
      const prefix = `languages.${next.length - 1}.`;
      form.setFieldErrors(
        Object.fromEntries(Object.entries(byField).map(([field, message]) => [field.startsWith(prefix) ? field.slice(prefix.length) : field, message])),
      );
      return false;
    }
    const ok = await form.run(async () => {
      await apiSend('PUT', `${base}/languages`, parsed.data);
      return t('languages:admin.saved');
    });
    if (ok) onChange();
    return ok;
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    if (await save([...added, { code: code.trim().toLowerCase(), name: name.trim(), mode }])) {
      setCode('');
      setName('');
    }
  }

  return (
    <>
      <section className="stack" aria-labelledby="languages-list">
        <h2 id="languages-list">{t('languages:admin.listTitle')}</h2>
        {form.formError && <ErrorMessage message={form.formError} />}
        <Done message={form.done} />
        <ul className="user-list">
          {languages.map((language) => (
            <li key={language.code} className="user-card" data-language={language.code}>
              <p className="user-card-name">
                <span lang={language.code}>{language.name}</span> ({language.code}) · {t(`languages:admin.mode.${language.mode}`)}
                {language.builtIn && ` · ${t('languages:admin.builtIn')}`}
              </p>
              <p className="case-meta">{t('languages:admin.progress', { ...language })}</p>
              {language.code !== 'es' && (
                <button
                  type="button"
                  className="button button-secondary button-small"
                  disabled={form.busy}
                  onClick={() => void save(added.filter((l) => l.code !== language.code))}
                >
                  {t('languages:admin.remove', { name: language.name })}
                </button>
              )}
            </li>
          ))}
        </ul>
      </section>
      <section className="panel stack" aria-labelledby="language-add">
        <h2 id="language-add">{t('languages:admin.addTitle')}</h2>
        <form className="form" noValidate onSubmit={(e) => void add(e)} aria-busy={form.busy}>
          <TextField
            label={t('languages:admin.code')}
            hint={t('languages:admin.codeHint')}
            value={code}
            onChange={setCode}
            error={form.fieldErrors.code}
            required
          />
          <TextField label={t('languages:admin.name')} value={name} onChange={setName} error={form.fieldErrors.name} required />
          <SelectField label={t('languages:admin.mode.label')} value={mode} onChange={(value) => setMode(value as LanguageMode)} error={form.fieldErrors.mode}>
            {LANGUAGE_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`languages:admin.mode.${m}`)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button button-primary" disabled={form.busy}>
            {form.busy ? t('languages:admin.saving') : t('languages:admin.add')}
          </button>
        </form>
      </section>
    </>
  );
}

/** An added language's texts: the spreadsheet to download, and its upload with what it left in Spanish. */
function TranslationPanel({ language, base, onImported }: { language: AdminLanguageDto; base: string; onImported: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const upload = useSubmit();
  const [report, setReport] = useState<TranslationImportDto | null>(null);
  const id = `texts-${language.code}`;

  async function send(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const ok = await upload.run(async () => {
      const answer = await apiSend<TranslationImportDto>('PUT', `${base}/languages/${language.code}/texts`, file);
      setReport(answer);
      return t('languages:admin.imported', { translated: answer.translated, total: answer.total });
    });
    if (ok) onImported();
  }

  return (
    <section className="panel stack" aria-labelledby={id} data-texts={language.code}>
      <h2 id={id}>{t('languages:admin.textsTitle', { name: language.name })}</h2>
      <p>{t('languages:admin.textsIntro', { code: language.code })}</p>
      <p>
        <a className="button button-secondary" href={`${base}/languages/${language.code}/texts.csv`} download={`puente-${language.code}.csv`}>
          {t('languages:admin.export', { code: language.code })}
        </a>
      </p>
      {upload.formError && <ErrorMessage message={upload.formError} />}
      <Done message={upload.done} />
      <div className="field">
        <label htmlFor={`${id}-file`}>{upload.busy ? t('languages:admin.importing') : t('languages:admin.import')}</label>
        <input id={`${id}-file`} type="file" accept=".csv,text/csv" disabled={upload.busy} onChange={(e) => void send(e)} />
      </div>
      {report && report.missing.length > 0 && (
        <details>
          <summary>{t('languages:admin.missing', { count: report.missing.length })}</summary>
          <ul className="key-list">
            {report.missing.map((key) => (
              <li key={key}>
                <code>{key}</code>
              </li>
            ))}
          </ul>
        </details>
      )}
      {report && report.unknown.length > 0 && (
        <div className="alert alert-info" role="status">
          <p>{t('languages:admin.unknown', { count: report.unknown.length })}</p>
          <ul>
            {report.unknown.map((key) => (
              <li key={key}>
                <code>{key}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}

/** The first words a clip says, to name it in a label (its key reads like code to a person). */
function shortText(clip: AdminClipDto): string {
  const words = clip.text || clip.key.replace(/[._]/g, ' ');
  return words.length <= 48 ? words : `${words.slice(0, 47).replace(/\s+\S*$/, '')}…`;
}

/** The clips of one language: what each should say, its recording to play, upload/replace and delete. */
function ClipList({ base, language, onChange }: { base: string; language: string; onChange: () => void }) {
  const { t } = useTranslation(NAMESPACES);
  const clips = useApiQuery<AdminClipListDto>(`${base}/clips?language=${language}`);
  const change = useSubmit();

  async function upload(clip: AdminClipDto, event: ChangeEvent<HTMLInputElement>) {
    const what = shortText(clip);
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    const ok = await change.run(async () => {
      await apiSend('PUT', `${base}/clips/${language}/${encodeURIComponent(clip.key)}`, file);
      return t('languages:admin.uploaded', { what });
    });
    if (ok) {
      await clips.reload();
      onChange();
    }
  }

  async function remove(clip: AdminClipDto) {
    const what = shortText(clip);
    const ok = await change.run(async () => {
      await apiSend('DELETE', `${base}/clips/${language}/${encodeURIComponent(clip.key)}`);
      return t('languages:admin.deleted', { what });
    });
    if (ok) {
      await clips.reload();
      onChange();
    }
  }

  if (clips.error) return <ErrorMessage message={clips.error.message} onRetry={() => void clips.reload()} />;
  if (!clips.data) return <Loading />;
  return (
    <div className="stack">
      {change.formError && <ErrorMessage message={change.formError} />}
      <Done message={change.done} />
      {clips.data.missing.length > 0 && <p>{t('languages:admin.clipsMissing', { count: clips.data.missing.length })}</p>}
      <ul className="user-list">
        {clips.data.clips.map((clip) => (
          <li key={clip.key} className="user-card" data-clip={clip.key}>
            <p className="user-card-name">{t('languages:admin.clipSays', { text: clip.text })}</p>
            {clip.recording ? <audio controls preload="none" src={clip.recording.url} /> : <p className="case-meta">{t('languages:admin.noRecording')}</p>}
            <div className="field">
              <label htmlFor={`clip-${language}-${clip.key}`}>
                {t(clip.recording ? 'languages:admin.replace' : 'languages:admin.upload', { what: shortText(clip) })}
              </label>
              <input id={`clip-${language}-${clip.key}`} type="file" accept="audio/*" disabled={change.busy} onChange={(e) => void upload(clip, e)} />
            </div>
            {clip.recording && (
              <button type="button" className="button button-secondary button-small" disabled={change.busy} onClick={() => void remove(clip)}>
                {t('languages:admin.delete', { what: shortText(clip) })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
