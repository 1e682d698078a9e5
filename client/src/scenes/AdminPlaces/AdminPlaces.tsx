/**
 * `/admin/lugares`: municipalities and their veredas and corregimientos (deactivated, never deleted),
 * and each municipality's square on the oversight map.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminMunicipalityDto, AdminVeredaDto } from '../../../../shared/types/admin';
import { municipalityCreateSchema, municipalityUpdateSchema, veredaCreateSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { ActiveToggle, AdminFormPanel } from '../AdminShared/AdminSections';
import { ADMIN_NAMESPACES, AdminNav, useAdminMechanism } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/desk.css';
import '../../styles/screens.css';

/** `/admin/lugares` */
export function AdminPlaces() {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('places.title'));
  const { base } = useAdminMechanism();
  const municipalities = useApiQuery<AdminMunicipalityDto[]>(`${base}/municipalities`);
  const form = useSubmit();
  const row = useSubmit();
  const issues = useIssueMessages();
  const [name, setName] = useState('');
  const [daneCode, setDaneCode] = useState('');

  async function add(event: FormEvent) {
    event.preventDefault();
    const parsed = municipalityCreateSchema.safeParse({ name, daneCode });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    if (await form.run(async () => (await apiSend('POST', `${base}/municipalities`, parsed.data), t('common.saved')))) {
      setName('');
      setDaneCode('');
      await municipalities.reload();
    }
  }

  async function toggle(path: string, active: boolean) {
    if (await row.run(async () => (await apiSend('PATCH', path, { active }), t('common.saved')))) await municipalities.reload();
  }

  return (
    <div className="stack">
      <h1>{t('places.title')}</h1>
      <AdminNav />
      <p>{t('places.intro')}</p>
      <AdminFormPanel
        id="municipality-add"
        title={t('places.addMunicipality')}
        submit={form}
        onSubmit={(e) => void add(e)}
        submitLabel={t('common.add')}
        busyLabel={t('common.adding')}
      >
        <TextField label={t('common.name')} value={name} onChange={setName} error={form.fieldErrors.name} required />
        <TextField label={t('places.daneCode')} inputMode="numeric" value={daneCode} onChange={setDaneCode} error={form.fieldErrors.daneCode} required />
      </AdminFormPanel>
      <section aria-labelledby="municipality-list" className="stack">
        <h2 id="municipality-list">{t('places.list')}</h2>
        {municipalities.error && <ErrorMessage message={municipalities.error.message} onRetry={() => void municipalities.reload()} />}
        {row.formError && <ErrorMessage message={row.formError} />}
        <Done message={row.done} />
        {municipalities.data?.length === 0 && <p className="empty">{t('places.empty')}</p>}
        {municipalities.data?.map((m) => (
          <details key={m.id} className={`panel${m.active ? '' : ' user-card-inactive'}`}>
            <summary>
              {m.name} <code>{m.daneCode}</code> {!m.active && <span className="badge badge-inactive">{t('common.inactive')}</span>}{' '}
              <span className="hint">
                {m.mapPosition ? t('places.map.at', { column: m.mapPosition.column, row: m.mapPosition.row }) : t('places.map.none')}
              </span>
            </summary>
            <div className="stack">
              <div className="row-actions">
                <ActiveToggle active={m.active} busy={row.busy} onToggle={() => void toggle(`${base}/municipalities/${m.id}`, !m.active)} />
              </div>
              {m.veredas.length === 0 ? (
                <p className="empty">{t('places.noPlaces')}</p>
              ) : (
                <ul className="user-list">
                  {m.veredas.map((v: AdminVeredaDto) => (
                    <li key={v.id} className={`user-card${v.active ? '' : ' user-card-inactive'}`}>
                      {v.name} ({t(`places.${v.kind}`)})
                      <div className="row-actions">
                        <ActiveToggle active={v.active} busy={row.busy} onToggle={() => void toggle(`${base}/veredas/${v.id}`, !v.active)} />
                      </div>
                    </li>
                  ))}
                </ul>
              )}
              <MapSquare municipality={m} base={base} onSaved={() => void municipalities.reload()} />
              <AddPlace municipality={m} base={base} onAdded={() => void municipalities.reload()} />
            </div>
          </details>
        ))}
      </section>
    </div>
  );
}

function AddPlace({ municipality, base, onAdded }: { municipality: AdminMunicipalityDto; base: string; onAdded: () => void }) {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'vereda' | 'corregimiento'>('vereda');

  async function add(event: FormEvent) {
    event.preventDefault();
    const parsed = veredaCreateSchema.safeParse({ name, kind });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    if (await form.run(async () => (await apiSend('POST', `${base}/municipalities/${municipality.id}/veredas`, parsed.data), t('common.saved')))) {
      setName('');
      onAdded();
    }
  }

  return (
    <form className="form" noValidate onSubmit={(e) => void add(e)} aria-busy={form.busy}>
      <h3>{t('places.addPlace', { municipality: municipality.name })}</h3>
      {form.formError && <ErrorMessage message={form.formError} />}
      <TextField label={t('places.placeName')} value={name} onChange={setName} error={form.fieldErrors.name} required />
      <SelectField label={t('places.kind')} value={kind} onChange={(v) => setKind(v as 'vereda' | 'corregimiento')}>
        <option value="vereda">{t('places.vereda')}</option>
        <option value="corregimiento">{t('places.corregimiento')}</option>
      </SelectField>
      <button type="submit" className="button button-primary button-small" disabled={form.busy}>
        {form.busy ? t('common.adding') : t('common.add')}
      </button>
    </form>
  );
}

/** A whole number typed in a box, as the schema sees it: blank is missing, anything else a number (NaN if not one). */
function gridNumber(value: string): number | undefined {
  return value.trim() === '' ? undefined : Number(value.trim());
}

/** Sets or clears a municipality's square on the oversight map. */
function MapSquare({ municipality, base, onSaved }: { municipality: AdminMunicipalityDto; base: string; onSaved: () => void }) {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  const id = useId();
  const form = useSubmit();
  const issues = useIssueMessages();
  const [column, setColumn] = useState(municipality.mapPosition ? String(municipality.mapPosition.column) : '');
  const [row, setRow] = useState(municipality.mapPosition ? String(municipality.mapPosition.row) : '');
  const path = `${base}/municipalities/${municipality.id}`;

  async function save(mapPosition: { column: number | undefined; row: number | undefined } | null) {
    const parsed = municipalityUpdateSchema.safeParse({ mapPosition });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    if (await form.run(async () => (await apiSend('PATCH', path, parsed.data), t('common.saved')))) {
      if (mapPosition === null) {
        setColumn('');
        setRow('');
      }
      onSaved();
    }
  }

  const taken = form.fieldErrors.mapPosition;
  return (
    <form
      className="form"
      noValidate
      aria-busy={form.busy}
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void save({ column: gridNumber(column), row: gridNumber(row) });
      }}
    >
      <fieldset className="choice-group" aria-describedby={`${id}-hint${taken ? ` ${id}-error` : ''}`}>
        <legend>{t('places.map.legend')}</legend>
        <p className="hint" id={`${id}-hint`}>
          {t('places.map.hint')}
        </p>
        {form.formError && <ErrorMessage message={form.formError} />}
        <Done message={form.done} />
        <TextField
          label={t('places.map.column')}
          inputMode="numeric"
          value={column}
          onChange={setColumn}
          error={form.fieldErrors['mapPosition.column']}
          required
        />
        <TextField label={t('places.map.row')} inputMode="numeric" value={row} onChange={setRow} error={form.fieldErrors['mapPosition.row']} required />
        {taken && (
          <p className="field-error" id={`${id}-error`}>
            {taken}
          </p>
        )}
      </fieldset>
      <div className="row-actions">
        <button type="submit" className="button button-primary button-small" disabled={form.busy}>
          {form.busy ? t('common.saving') : t('places.map.save')}
        </button>
        {municipality.mapPosition && (
          <button type="button" className="button button-secondary button-small" disabled={form.busy} onClick={() => void save(null)}>
            {t('places.map.clear')}
          </button>
        )}
      </div>
    </form>
  );
}
