/** The questions of the intake form, one component per step; NewComplaint moves between them. */
import { afterInCharge } from '../../shell/inCharge';
import { lazy, Suspense, useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MechanismDto } from '../../../../shared/types/api';
import type { DataPolicyDto } from '../../../../shared/types/intake';
import {
  AGE_BANDS,
  CONTACT_PREFERENCES,
  DISABILITY_ANSWERS,
  ETHNIC_GROUPS,
  GENDERS,
  GROUP_KINDS,
  IDENTITY_MODES,
  INTAKE_LIMITS,
  ON_BEHALF_CONSENT_KINDS,
} from '../../../../shared/validation/intakeChoices';
import { CategoryIcon } from '../../components/CategoryIcon';
import { CharacterCount, withCount } from '../../components/CharacterCount';
import { ErrorMessage } from '../../components/ErrorMessage';
import { describedBy, Field, FieldError, fieldIds } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { ListenButton } from '../../components/ListenButton';
import type { FieldMessages } from '../../forms/fieldMessages';
import type { ApiQuery } from '../../hooks/useApiQuery';
import { UI_NAMESPACES } from '../../i18n';
import { bogotaToday, type ComplaintDraft, type FilerContext } from './draft';
import { REPRISAL_RISK_LEVELS } from '../../../../shared/validation/intakeChoices';

// The recorder arrives when the first step shows; the form's text fields do not wait for it.
// Not needed for the first question to be in the app's hands: it downloads once the app is in charge.
const VoiceRecorder = lazy(afterInCharge(() => import('../../components/VoiceRecorder').then((m) => ({ default: m.VoiceRecorder }))));

/** What every step receives. */
export interface StepProps {
  draft: ComplaintDraft;
  update: (patch: Partial<ComplaintDraft>) => void;
  errors: FieldMessages;
  filer: FilerContext;
  /** The mechanism's spoken-help clips in the language on screen (clip key → address). */
  clips: Record<string, string>;
}

/** A group of radio buttons or checkboxes with its legend, hint and error. */
function Choices({ id, legend, hint, error, children }: { id: string; legend: ReactNode; hint?: ReactNode; error?: string; children: ReactNode }) {
  return (
    <fieldset id={id} className="choices" aria-describedby={describedBy(id, hint, error)} aria-invalid={error ? true : undefined}>
      <legend>{legend}</legend>
      {hint && (
        <p className="hint" id={fieldIds(id).hint}>
          {hint}
        </p>
      )}
      {children}
      <FieldError id={id} message={error} />
    </fieldset>
  );
}

/** One radio button as a large card, easy to hit with a thumb; with a clip, its "Escuchar" beside it. */
function RadioCard({
  name,
  value,
  checked,
  onChange,
  children,
  listen,
}: {
  name: string;
  value: string;
  checked: boolean;
  onChange: () => void;
  children: ReactNode;
  listen?: { url: string | undefined; label: string };
}) {
  const card = (
    <label className={`choice-card${checked ? ' choice-card-checked' : ''}`}>
      <input type="radio" name={name} value={value} checked={checked} onChange={onChange} />
      <span className="choice-body">{children}</span>
    </label>
  );
  // The button sits outside the label: pressing it must not choose the option.
  if (!listen?.url) return card;
  return (
    <div className="choice-with-listen">
      {card}
      <ListenButton url={listen.url} label={listen.label} small />
    </div>
  );
}

/**
 * The account told aloud instead of typed (issue #14 §5): record a voice note on the first step; once
 * kept, the typed account becomes optional and the note plays back here.
 */
function SpokenAccount({ voiceNote, onVoiceNote, error, clips }: { voiceNote: File | null; onVoiceNote: (file: File | null) => void; error?: string; clips: Record<string, string> }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!voiceNote) return;
    const made = URL.createObjectURL(voiceNote);
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [voiceNote]);
  return (
    <section className="spoken-account callout" aria-labelledby="spoken-account-title" id="voiceNote">
      <h3 id="spoken-account-title">
        <span aria-hidden="true">🎤 </span>
        {t('intakeUi:spokenAccount.or')}
      </h3>
      <p className="hint">{t('intakeUi:spokenAccount.hint')}</p>
      <ListenButton url={clips['what.voice']} label={t('intakeUi:spokenAccount.or')} small />
      {voiceNote && url ? (
        <div className="stack-small" data-testid="voice-account">
          <p role="status">{t('intakeUi:spokenAccount.ready')}</p>
          <audio controls src={url} className="audio-preview">
            {t('intakeUi:voice.noPlayer')}
          </audio>
          <button type="button" className="button button-secondary button-small" onClick={() => onVoiceNote(null)}>
            {t('intakeUi:spokenAccount.remove')}
          </button>
        </div>
      ) : (
        <Suspense fallback={<Loading />}>
          <VoiceRecorder onRecorded={(file) => onVoiceNote(file)} />
        </Suspense>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Step 1: what happened (typed, or told in a voice note), what the person hopes for, and when. */
export function WhatStep({
  draft,
  update,
  errors,
  clips,
  voiceNote,
  onVoiceNote,
}: StepProps & { voiceNote: File | null; onVoiceNote: (file: File | null) => void }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const byVoice = Boolean(draft.voiceNoteKey);
  return (
    <>
      <SpokenAccount voiceNote={voiceNote} onVoiceNote={onVoiceNote} error={errors.voiceNote} clips={clips} />
      <Field
        id={`${id}-what`}
        label={t('intakeUi:what.whatHappened')}
        hint={byVoice ? t('intakeUi:spokenAccount.optional') : t('intakeUi:what.whatHappenedHint')}
        error={errors.whatHappened}
      >
        {(control) => (
          <>
            {/* No maxLength: a long paste is kept whole and the count says how much is over. */}
            <textarea
              {...control}
              aria-describedby={withCount(control)}
              name="whatHappened"
              className="big-textarea"
              rows={8}
              value={draft.whatHappened}
              onChange={(event) => update({ whatHappened: event.target.value })}
            />
            <CharacterCount boxId={control.id} text={draft.whatHappened} minimum={byVoice ? undefined : INTAKE_LIMITS.whatHappenedMin} maximum={INTAKE_LIMITS.whatHappenedMax} />
          </>
        )}
      </Field>
      <Field id={`${id}-hope`} label={t('intakeUi:what.hopedOutcome')} hint={t('intakeUi:what.hopedOutcomeHint')} error={errors.hopedOutcome}>
        {(control) => (
          <>
            <textarea
              {...control}
              aria-describedby={withCount(control)}
              name="hopedOutcome"
              rows={4}
              value={draft.hopedOutcome}
              onChange={(event) => update({ hopedOutcome: event.target.value })}
            />
            <CharacterCount boxId={control.id} text={draft.hopedOutcome} maximum={INTAKE_LIMITS.hopedOutcomeMax} />
          </>
        )}
      </Field>
      <Field id={`${id}-when`} label={t('intakeUi:what.occurredOn')} hint={t('intakeUi:what.occurredOnHint')} error={errors.occurredOn}>
        {(control) => (
          <input {...control} name="occurredOn" type="date" max={bogotaToday()} value={draft.occurredOn} onChange={(event) => update({ occurredOn: event.target.value })} />
        )}
      </Field>
    </>
  );
}

type LocationState = { kind: 'idle' } | { kind: 'locating' } | { kind: 'failed'; reason: 'denied' | 'unavailable' | 'unsupported' };

/** Step 3: municipality, vereda or corregimiento, a free detail and an optional point from the phone. */
export function WhereStep({ draft, update, errors, mechanism }: StepProps & { mechanism: MechanismDto }) {
  const { t, i18n } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const [location, setLocation] = useState<LocationState>({ kind: 'idle' });
  const municipality = mechanism.municipalities.find((m) => m.id === draft.municipalityId);
  const coordinate = new Intl.NumberFormat(i18n.language, { minimumFractionDigits: 5, maximumFractionDigits: 5 });

  function locate() {
    if (!('geolocation' in navigator)) {
      setLocation({ kind: 'failed', reason: 'unsupported' });
      return;
    }
    setLocation({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocation({ kind: 'idle' });
        // Five decimals is about a metre: enough to find the place, no false precision.
        const round = (value: number) => Math.round(value * 1e5) / 1e5;
        update({ latitude: round(position.coords.latitude), longitude: round(position.coords.longitude) });
      },
      (error) => setLocation({ kind: 'failed', reason: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: true, timeout: 30_000, maximumAge: 60_000 },
    );
  }

  const pointError = errors.latitude ?? errors.longitude;
  return (
    <>
      <Field id={`${id}-municipality`} label={t('intakeUi:where.municipality')} error={errors.municipalityId}>
        {(control) => (
          <select {...control} value={draft.municipalityId} onChange={(event) => update({ municipalityId: event.target.value, veredaId: '' })}>
            <option value="">{t('intakeUi:where.chooseMunicipality')}</option>
            {mechanism.municipalities.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        )}
      </Field>
      {municipality && municipality.veredas.length > 0 && (
        <Field id={`${id}-vereda`} label={t('intakeUi:where.vereda')} hint={t('intakeUi:where.veredaHint')} error={errors.veredaId}>
          {(control) => (
            <select {...control} value={draft.veredaId} onChange={(event) => update({ veredaId: event.target.value })}>
              <option value="">{t('intakeUi:where.noVereda')}</option>
              {municipality.veredas.map((v) => (
                <option key={v.id} value={v.id}>
                  {t(`intakeUi:where.placeKind.${v.kind}`, { name: v.name })}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <Field id={`${id}-detail`} label={t('intakeUi:where.detail')} hint={t('intakeUi:where.detailHint')} error={errors.placeDetail}>
        {(control) => (
          <input
            {...control}
            type="text"
            maxLength={INTAKE_LIMITS.placeDetailMax}
            value={draft.placeDetail}
            onChange={(event) => update({ placeDetail: event.target.value })}
          />
        )}
      </Field>
      <div className="field">
        <p className="label-like">{t('intakeUi:where.point')}</p>
        <p className="hint" id={`${id}-point-hint`}>
          {t('intakeUi:where.pointHint')}
        </p>
        {draft.latitude !== null && draft.longitude !== null ? (
          <div className="button-row">
            <p className="coordinates" data-testid="coordinates">
              {t('intakeUi:where.coordinates', { latitude: coordinate.format(draft.latitude), longitude: coordinate.format(draft.longitude) })}
            </p>
            <button type="button" className="button button-secondary button-small" onClick={() => update({ latitude: null, longitude: null })}>
              {t('intakeUi:where.removePoint')}
            </button>
          </div>
        ) : (
          <button type="button" className="button button-secondary" onClick={locate} disabled={location.kind === 'locating'} aria-describedby={`${id}-point-hint`}>
            <span aria-hidden="true">📍 </span>
            {location.kind === 'locating' ? t('intakeUi:where.locating') : t('intakeUi:where.useLocation')}
          </button>
        )}
        {location.kind === 'failed' && (
          <p className="field-error" role="alert">
            {t(`intakeUi:where.locationError.${location.reason}`)}
          </p>
        )}
        {pointError && <p className="field-error">{pointError}</p>}
      </div>
    </>
  );
}

/** Step 4: which company, or "No sé" (the ombudsman routes the case). */
export function CompanyStep({ draft, update, errors, mechanism, clips }: StepProps & { mechanism: MechanismDto }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const name = `${id}-company`;
  return (
    <Choices id={name} legend={t('intakeUi:company.question')} hint={t('intakeUi:company.hint')} error={errors.companyId}>
      {mechanism.companies.map((company) => (
        <RadioCard key={company.id} name={name} value={company.id} checked={draft.company === company.id} onChange={() => update({ company: company.id })}>
          <strong>{company.name}</strong>
        </RadioCard>
      ))}
      <RadioCard
        name={name}
        value="unknown"
        checked={draft.company === 'unknown'}
        onChange={() => update({ company: 'unknown' })}
        listen={{ url: clips['company.unknown'], label: t('intakeUi:company.unknown') }}
      >
        <strong>{t('intakeUi:company.unknown')}</strong>
        <span className="choice-hint">{t('intakeUi:company.unknownHint')}</span>
      </RadioCard>
    </Choices>
  );
}

/** Step 5: the topics, as cards with the category's pictogram and its plain description. */
export function CategoriesStep({ draft, update, errors, mechanism, clips }: StepProps & { mechanism: MechanismDto }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  function toggle(code: string) {
    const has = draft.categoryCodes.includes(code);
    update({ categoryCodes: has ? draft.categoryCodes.filter((c) => c !== code) : [...draft.categoryCodes, code] });
  }
  return (
    <Choices
      id={`${id}-categories`}
      legend={t('intakeUi:categories.question')}
      hint={t('intakeUi:categories.hint', { count: INTAKE_LIMITS.categoriesMax })}
      error={errors.categoryCodes}
    >
      <div className="choice-grid">
        {mechanism.categories.map((category) => {
          const checked = draft.categoryCodes.includes(category.code);
          return (
            <div key={category.code} className="choice-with-listen">
              <label className={`choice-card${checked ? ' choice-card-checked' : ''}`}>
                <input type="checkbox" value={category.code} checked={checked} onChange={() => toggle(category.code)} />
                <CategoryIcon icon={category.icon} />
                <span className="choice-body">
                  <strong>{category.name}</strong>
                  {category.description && <span className="choice-hint">{category.description}</span>}
                </span>
              </label>
              <ListenButton url={clips[`category.${category.code}`]} label={category.name} small />
            </div>
          );
        })}
      </div>
    </Choices>
  );
}

/**
 * Step 6: for whom — the person, or a group (collective complaint); facilitators (and officers in field
 * mode) record consent and how it was given; a thumbprint is photographed and goes with the files.
 */
export function WhoStep({
  draft,
  update,
  errors,
  filer,
  clips,
  thumbprint = null,
  onThumbprint,
}: StepProps & { thumbprint?: string | null; onThumbprint?: (photo: File) => void }) {
  const { t } = useTranslation([...UI_NAMESPACES, 'offline']);
  const id = useId();
  return (
    <>
      <Choices id={`${id}-collective`} legend={t('intakeUi:who.question')} error={errors.collective}>
        <RadioCard
          name={`${id}-collective`}
          value="person"
          checked={draft.collective === false}
          onChange={() => update({ collective: false })}
          listen={{ url: clips['who.person'], label: t('intakeUi:who.person') }}
        >
          <strong>{filer.isFacilitator ? t('intakeUi:who.personOnBehalf') : t('intakeUi:who.person')}</strong>
        </RadioCard>
        <RadioCard
          name={`${id}-collective`}
          value="group"
          checked={draft.collective === true}
          onChange={() => update({ collective: true })}
          listen={{ url: clips['who.group'], label: t('intakeUi:who.group') }}
        >
          <strong>{t('intakeUi:who.group')}</strong>
          <span className="choice-hint">{t('intakeUi:who.groupHint')}</span>
        </RadioCard>
      </Choices>
      {draft.collective && (
        <>
          <Field id={`${id}-group-name`} label={t('intakeUi:who.groupName')} error={errors['collective.groupName'] ?? errors.collective}>
            {(control) => (
              <input {...control} type="text" maxLength={INTAKE_LIMITS.groupNameMax} value={draft.groupName} onChange={(event) => update({ groupName: event.target.value })} />
            )}
          </Field>
          <Field id={`${id}-group-kind`} label={t('intakeUi:who.groupKind')} error={errors['collective.groupKind']}>
            {(control) => (
              <select {...control} value={draft.groupKind} onChange={(event) => update({ groupKind: event.target.value as ComplaintDraft['groupKind'] })}>
                <option value="">{t('intakeUi:common.choose')}</option>
                {GROUP_KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {t(`intake:groupKind.${kind}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field id={`${id}-group-size`} label={t('intakeUi:who.groupSize')} hint={t('intakeUi:who.groupSizeHint')} error={errors['collective.groupSize']}>
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                min={INTAKE_LIMITS.groupSizeMin}
                max={INTAKE_LIMITS.groupSizeMax}
                step={1}
                value={draft.groupSize}
                onChange={(event) => update({ groupSize: event.target.value })}
              />
            )}
          </Field>
        </>
      )}
      {filer.isFacilitator && (
        <Choices id={`${id}-behalf`} legend={t('intakeUi:who.onBehalfTitle')} hint={t('intakeUi:who.onBehalfHint')} error={errors['onBehalf.personConsented'] ?? errors.onBehalf}>
          <label className="choice-card">
            <input type="checkbox" checked={draft.onBehalfConsented} onChange={(event) => update({ onBehalfConsented: event.target.checked })} />
            <span className="choice-body">{t('intakeUi:who.onBehalfConsent')}</span>
          </label>
          <p className="label-like">{t('intakeUi:who.onBehalfHow')}</p>
          {ON_BEHALF_CONSENT_KINDS.map((how) => (
            <RadioCard key={how} name={`${id}-behalf-how`} value={how} checked={draft.onBehalfHow === how} onChange={() => update({ onBehalfHow: how })}>
              {t(`intake:onBehalfHow.${how}`)}
            </RadioCard>
          ))}
          {draft.onBehalfHow === 'thumbprint' && onThumbprint && (
            <div className="field">
              <label className="button button-secondary file-button">
                <span aria-hidden="true">📷 </span>
                {t('offline:field.thumbprint')}
                <input
                  className="visually-hidden"
                  type="file"
                  accept="image/*"
                  capture="environment"
                  onChange={(event) => {
                    const photo = event.target.files?.[0];
                    if (photo) onThumbprint(photo);
                    event.target.value = '';
                  }}
                />
              </label>
              {thumbprint && <p className="hint">{t('offline:field.thumbprintTaken', { name: thumbprint })}</p>}
            </div>
          )}
          <FieldError id={`${id}-behalf-how`} message={errors['onBehalf.how']} />
        </Choices>
      )}
      {filer.fieldMode && (
        // The reprisal-risk protocol's first assessment, by whoever hears the person (issue #15 §5); optional.
        <Field id={`${id}-risk`} label={t('offline:field.risk')} hint={t('offline:field.riskHint')} error={errors['fieldInterview.reprisalRisk']}>
          {(control) => (
            <select {...control} value={draft.fieldReprisalRisk ?? ''} onChange={(event) => update({ fieldReprisalRisk: event.target.value as ComplaintDraft['fieldReprisalRisk'] })}>
              <option value="">{t('offline:field.riskUnknown')}</option>
              {REPRISAL_RISK_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {t(`offline:field.riskLevel.${level}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
    </>
  );
}

/** Step 7: who may know the person's name, their details unless anonymous, and how to reach them. */
export function IdentityStep({ draft, update, errors, filer, clips }: StepProps) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  const preferences = CONTACT_PREFERENCES.filter((p) => p !== 'facilitator' || filer.isFacilitator);
  return (
    <>
      <Choices id={`${id}-mode`} legend={t('intakeUi:identity.question')} error={errors.identityMode ?? errors.identity}>
        {IDENTITY_MODES.map((mode) => (
          <RadioCard
            key={mode}
            name={`${id}-mode`}
            value={mode}
            checked={draft.identityMode === mode}
            onChange={() => update({ identityMode: mode, contactPreference: mode === 'anonymous' ? 'none' : draft.contactPreference })}
            listen={{ url: clips[`identity.${mode}`], label: t(`domain:identityMode.${mode}`) }}
          >
            <strong>{t(`domain:identityMode.${mode}`)}</strong>
            <span className="choice-hint">{t(`intakeUi:identity.explain.${mode}`)}</span>
          </RadioCard>
        ))}
      </Choices>
      {draft.identityMode === 'anonymous' && <p className="callout">{t('intakeUi:identity.anonymousNote')}</p>}
      {(draft.identityMode === 'named' || draft.identityMode === 'confidential') && (
        <>
          <p className="hint">{t(`intakeUi:identity.whoSees.${draft.identityMode}`)}</p>
          <Field id={`${id}-name`} label={filer.isFacilitator ? t('intakeUi:identity.nameOfPerson') : t('intakeUi:identity.name')} error={errors['identity.name']}>
            {(control) => (
              <input {...control} type="text" autoComplete="name" maxLength={INTAKE_LIMITS.nameMax} value={draft.name} onChange={(event) => update({ name: event.target.value })} />
            )}
          </Field>
          <Field id={`${id}-doc`} label={t('intakeUi:identity.documentId')} hint={t('intakeUi:common.optional')} error={errors['identity.documentId']}>
            {(control) => <input {...control} type="text" inputMode="numeric" value={draft.documentId} onChange={(event) => update({ documentId: event.target.value })} />}
          </Field>
          <Field id={`${id}-phone`} label={t('intakeUi:identity.phone')} hint={t('intakeUi:identity.phoneHint')} error={errors['identity.phone']}>
            {(control) => <input {...control} type="tel" autoComplete="tel" value={draft.phone} onChange={(event) => update({ phone: event.target.value })} />}
          </Field>
          <Field id={`${id}-email`} label={t('intakeUi:identity.email')} hint={t('intakeUi:common.optional')} error={errors['identity.email']}>
            {(control) => <input {...control} type="email" autoComplete="email" value={draft.email} onChange={(event) => update({ email: event.target.value })} />}
          </Field>
          <Choices id={`${id}-contact`} legend={t('intakeUi:identity.contact')} hint={t('intakeUi:identity.contactHint')} error={errors.contactPreference}>
            {preferences.map((preference) => (
              <RadioCard
                key={preference}
                name={`${id}-contact`}
                value={preference}
                checked={draft.contactPreference === preference}
                onChange={() => update({ contactPreference: preference })}
                listen={{ url: clips[`contact.${preference}`], label: t(`intake:contactPreference.${preference}`) }}
              >
                {t(`intake:contactPreference.${preference}`)}
              </RadioCard>
            ))}
          </Choices>
        </>
      )}
    </>
  );
}

/** Step 8: optional equity questions; never shown to the company. */
export function EquityStep({ draft, update, errors }: StepProps) {
  const { t } = useTranslation(UI_NAMESPACES);
  const id = useId();
  return (
    <>
      <p className="callout">{t('intakeUi:equity.intro')}</p>
      <Field id={`${id}-ethnic`} label={t('intakeUi:equity.ethnicGroup')} hint={t('intakeUi:common.optional')} error={errors['equity.ethnicGroup']}>
        {(control) => (
          <select {...control} value={draft.ethnicGroup} onChange={(event) => update({ ethnicGroup: event.target.value as ComplaintDraft['ethnicGroup'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {ETHNIC_GROUPS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:ethnicGroup.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-gender`} label={t('intakeUi:equity.gender')} hint={t('intakeUi:common.optional')} error={errors['equity.gender']}>
        {(control) => (
          <select {...control} value={draft.gender} onChange={(event) => update({ gender: event.target.value as ComplaintDraft['gender'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {GENDERS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:gender.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-age`} label={t('intakeUi:equity.ageBand')} hint={t('intakeUi:common.optional')} error={errors['equity.ageBand']}>
        {(control) => (
          <select {...control} value={draft.ageBand} onChange={(event) => update({ ageBand: event.target.value as ComplaintDraft['ageBand'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {AGE_BANDS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:ageBand.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${id}-disability`} label={t('intakeUi:equity.disability')} hint={t('intakeUi:common.optional')} error={errors['equity.disability']}>
        {(control) => (
          <select {...control} value={draft.disability} onChange={(event) => update({ disability: event.target.value as ComplaintDraft['disability'] })}>
            <option value="">{t('intakeUi:equity.noAnswer')}</option>
            {DISABILITY_ANSWERS.map((v) => (
              <option key={v} value={v}>
                {t(`intake:disability.${v}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Choices id={`${id}-sensitive`} legend={t('intakeUi:equity.consentLegend')} hint={t('intakeUi:equity.consentHint')} error={errors['equity.consent']}>
        <label className={`choice-card${draft.sensitiveConsent ? ' choice-card-checked' : ''}`}>
          <input type="checkbox" checked={draft.sensitiveConsent === true} onChange={(event) => update({ sensitiveConsent: event.target.checked })} />
          <span className="choice-body">{t('intakeUi:equity.consent')}</span>
        </label>
      </Choices>
    </>
  );
}

/**
 * Step 9: the data policy (Ley 1581 de 2012): its short plain version first (readable and playable),
 * the full text one tap away, its version, and the consent box. In field mode the facilitator records
 * that the person heard it and said yes aloud.
 */
export function ConsentStep({ draft, update, errors, filer, clips, policy }: StepProps & { policy: ApiQuery<DataPolicyDto> }) {
  const { t, i18n } = useTranslation([...UI_NAMESPACES, 'offline']);
  const id = useId();
  const [showFull, setShowFull] = useState(false);
  if (!policy.data) {
    return policy.error ? <ErrorMessage message={policy.error.message} onRetry={() => void policy.reload()} busy={policy.loading} /> : <Loading />;
  }
  const data = policy.data;
  const published = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'long', timeZone: 'America/Bogota' }).format(new Date(data.publishedAt));
  // A policy kept on the phone by an older release has no plain version: the full text shows as before.
  const summary = data.summary ?? null;
  const full = (
    <div className="policy-text" tabIndex={0} role="region" aria-label={t('intakeUi:consent.policyLabel')} id={`${id}-full`}>
      {data.text.split(/\n\s*\n/).map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
  return (
    <>
      <p className="hint">{t('intakeUi:consent.version', { version: data.version, date: published })}</p>
      {summary ? (
        <>
          <section className="policy-summary" aria-labelledby={`${id}-summary`}>
            <h3 id={`${id}-summary`}>{t('intakeUi:consentPlain.title')}</h3>
            <p>{summary}</p>
            <ListenButton url={clips['consent.summary']} label={t('intakeUi:consentPlain.title')} />
          </section>
          <button type="button" className="link-button" aria-expanded={showFull} aria-controls={`${id}-full`} onClick={() => setShowFull((v) => !v)}>
            {showFull ? t('intakeUi:consentPlain.hideFull') : t('intakeUi:consentPlain.showFull')}
          </button>
          {showFull && full}
        </>
      ) : (
        full
      )}
      <div className="field">
        <label className={`choice-card${draft.consentAccepted ? ' choice-card-checked' : ''}`}>
          <input
            id={`${id}-consent`}
            type="checkbox"
            checked={draft.consentAccepted && draft.consentVersion === data.version}
            aria-describedby={describedBy(`${id}-consent`, undefined, errors['consent.accepted'] ?? errors['consent.policyVersion'] ?? errors.consent)}
            aria-invalid={errors['consent.accepted'] || errors['consent.policyVersion'] ? true : undefined}
            onChange={(event) => update({ consentAccepted: event.target.checked, consentVersion: data.version })}
          />
          <span className="choice-body">{t('intakeUi:consent.accept', { version: data.version })}</span>
        </label>
        <FieldError id={`${id}-consent`} message={errors['consent.accepted'] ?? errors['consent.policyVersion'] ?? errors.consent} />
      </div>
      {filer.fieldMode && (
        <div className="field">
          <label className={`choice-card${draft.consentSpoken ? ' choice-card-checked' : ''}`}>
            <input type="checkbox" checked={draft.consentSpoken} onChange={(event) => update({ consentSpoken: event.target.checked })} />
            <span className="choice-body">
              {t('intakeUi:consentPlain.spoken')}
              <span className="choice-hint">{t('intakeUi:consentPlain.spokenHint')}</span>
            </span>
          </label>
          <FieldError id={`${id}-consent-how`} message={errors['consent.how']} />
        </div>
      )}
    </>
  );
}
