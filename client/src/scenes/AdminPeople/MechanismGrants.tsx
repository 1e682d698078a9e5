/**
 * On a person's card of the people screen: which other mechanisms this ombudsman officer (or admin)
 * may act in, among those the admin manages, saved with the same PATCH as every change of the person.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminMechanismDto, AdminUserDto } from '../../../../shared/types/admin';
import { apiSend } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { CheckboxField } from '../../components/FormField';
import { ADMIN_NAMESPACES } from '../AdminShared/adminShared';
import { useSubmit } from '../../hooks/useSubmit';
import { Done } from '../../components/SubmitForm';
import '../../styles/screens.css';

/** The grant checkboxes of `person` (of mechanism `mechanismId`); `onSaved` reloads the list. */
export function MechanismGrants({
  person,
  mechanismId,
  managed,
  onSaved,
}: {
  person: AdminUserDto;
  mechanismId: string;
  /** Every mechanism this admin manages (the one being configured included). */
  managed: AdminMechanismDto[];
  onSaved: () => Promise<unknown>;
}) {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  const save = useSubmit();
  const others = managed.filter((m) => m.id !== mechanismId);
  const managedIds = new Set(managed.map((m) => m.id));
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(person.extraMechanismIds.filter((id) => managedIds.has(id))));
  // Grants of mechanisms another admin manages stay as they are (the server keeps them); say so.
  const notManaged = person.extraMechanismIds.filter((id) => !managedIds.has(id)).length;
  const legendId = `grants-${person.id}`;

  function toggle(id: string, on: boolean) {
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }

  async function submit() {
    const ok = await save.run(async () => {
      const updated = await apiSend<AdminUserDto>('PATCH', `/api/admin/mechanisms/${mechanismId}/users/${person.id}`, {
        extraMechanismIds: others.filter((m) => chosen.has(m.id)).map((m) => m.id),
      });
      // The note repeats what the server kept, not what the boxes showed.
      const names = others.filter((m) => updated.extraMechanismIds.includes(m.id)).map((m) => m.name);
      return names.length > 0
        ? t('people.grantsSaved', { name: person.displayName, mechanisms: names.join(', ') })
        : t('people.grantsNone', { name: person.displayName });
    });
    if (ok) await onSaved();
  }

  if (others.length === 0) return null;
  // The button's name holds the word it shows, "Guardando…" too, so speech input and screen readers agree with the eye.
  const word = save.busy ? t('common.saving') : t('people.saveGrants');
  return (
    <div className="stack">
      <fieldset className="choices" aria-describedby={`${legendId}-hint`}>
        <legend id={legendId}>{t('people.grants')}</legend>
        <p className="hint" id={`${legendId}-hint`}>
          {t('people.grantsHint')}
        </p>
        {others.map((m) => (
          <CheckboxField key={m.id} label={m.name} checked={chosen.has(m.id)} onChange={(on) => toggle(m.id, on)} />
        ))}
        {notManaged > 0 && <p className="hint">{t('people.grantsNotManaged', { count: notManaged })}</p>}
      </fieldset>
      {save.formError && <ErrorMessage message={save.formError} />}
      <Done message={save.done} />
      <div className="row-actions">
        <button
          type="button"
          className="button button-primary button-small"
          disabled={save.busy}
          onClick={() => void submit()}
          aria-label={`${word}: ${person.displayName}`}
        >
          {word}
        </button>
      </div>
    </div>
  );
}
