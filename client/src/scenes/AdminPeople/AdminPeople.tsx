/**
 * `/admin/personas`: invite liaisons, ombudsman officers and admins; deactivate and reactivate accounts;
 * grant officers access to the other mechanisms this admin manages; hand a password link to a
 * complainant who logs in by phone. Officers of another mechanism with
 * access to this one are listed too, marked as such: only their own mechanism's admin changes them.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import type { AdminCompanyDto, AdminUserDto, InvitationSent } from '../../../../shared/types/admin';
import { invitationSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { SelectField, TextField, useIssueMessages } from '../../components/FormField';
import { useApiQuery } from '../../hooks/useApiQuery';
import { usePageTitle } from '../../hooks/usePageTitle';
import { useSession } from '../../hooks/useSession';
import { ADMIN_NAMESPACES, useAdminMechanism } from '../AdminShared/adminShared';
import { AdminCard, AdminCardList, AdminFormPanel, AdminScreen } from '../AdminShared/AdminSections';
import { useAdminMechanisms } from '../AdminShared/AdminMechanismList';
import { MechanismGrants } from './MechanismGrants';
import { AccountRecovery } from './AccountRecovery';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/desk.css';
import '../../styles/screens.css';

type InviteRole = 'liaison' | 'ombudsman' | 'admin';

/** `/admin/personas` */
export function AdminPeople() {
  const { t } = useTranslation(ADMIN_NAMESPACES);
  usePageTitle(t('people.title'));
  const { user } = useSession();
  const { base, mechanismId } = useAdminMechanism();
  const people = useApiQuery<AdminUserDto[]>(`${base}/users`);
  const mechanisms = useAdminMechanisms().list;
  const companies = useApiQuery<AdminCompanyDto[]>(`${base}/companies`);
  const form = useSubmit();
  const row = useSubmit();
  const issues = useIssueMessages();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<InviteRole>('liaison');
  const [companyId, setCompanyId] = useState('');
  const [language, setLanguage] = useState<'es' | 'en'>('es');

  async function invite(event: FormEvent) {
    event.preventDefault();
    const parsed = invitationSchema.safeParse({ email, displayName, role, companyId: role === 'liaison' && companyId ? companyId : undefined, language });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      const sent = await apiSend<InvitationSent>('POST', `${base}/invitations`, parsed.data);
      return t('people.sent', { email: sent.user.email });
    });
    if (ok) {
      setEmail('');
      setDisplayName('');
      await people.reload();
    }
  }

  async function setActive(person: AdminUserDto, active: boolean) {
    const ok = await row.run(async () => {
      await apiSend('PATCH', `${base}/users/${person.id}`, { active });
      return t(active ? 'people.reactivated' : 'people.deactivated', { name: person.displayName });
    });
    if (ok) await people.reload();
  }

  return (
    <AdminScreen title={t('people.title')} intro={t('people.intro')}>
      <AdminFormPanel
        id="people-invite"
        title={t('people.invite')}
        submit={form}
        onSubmit={(e) => void invite(e)}
        submitLabel={t('people.send')}
        busyLabel={t('people.sending')}
      >
        <TextField label={t('people.email')} type="email" autoComplete="off" value={email} onChange={setEmail} error={form.fieldErrors.email} required />
        <TextField label={t('people.name')} value={displayName} onChange={setDisplayName} error={form.fieldErrors.displayName} required />
        <SelectField label={t('people.role')} value={role} onChange={(v) => setRole(v as InviteRole)} error={form.fieldErrors.role}>
          {(['liaison', 'ombudsman', 'admin'] as const).map((r) => (
            <option key={r} value={r}>
              {t(`domain:role.${r}`)}
            </option>
          ))}
        </SelectField>
        {role === 'liaison' && (
          <SelectField label={t('people.company')} value={companyId} onChange={setCompanyId} error={form.fieldErrors.companyId}>
            <option value="">{t('people.chooseCompany')}</option>
            {companies.data
              ?.filter((c) => c.active)
              .map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
          </SelectField>
        )}
        <SelectField label={t('people.language')} value={language} onChange={(v) => setLanguage(v as 'es' | 'en')}>
          <option value="es">{t('app:language.es')}</option>
          <option value="en">{t('app:language.en')}</option>
        </SelectField>
      </AdminFormPanel>
      <AccountRecovery base={base} />
      <AdminCardList
        id="people-list"
        title={t('people.list')}
        query={people}
        row={row}
        empty={t('people.empty')}
        renderItem={(person) => {
          const guest = person.homeMechanism.id !== mechanismId;
          return (
            <AdminCard key={person.id} inactive={person.status === 'inactive'} name={<strong>{person.displayName}</strong>}>
              <dl className="facts">
                <div>
                  <dt>{t('people.email')}</dt>
                  <dd className="break">{person.email}</dd>
                </div>
                <div>
                  <dt>{t('people.role')}</dt>
                  <dd>{t(`domain:role.${person.role}`)}</dd>
                </div>
                {person.company && (
                  <div>
                    <dt>{t('people.company')}</dt>
                    <dd>{person.company.name}</dd>
                  </div>
                )}
                <div>
                  <dt>{t('app:admin.users.state')}</dt>
                  <dd>
                    <span className={`badge ${person.status === 'active' ? 'badge-active' : 'badge-inactive'}`}>{t(`status.${person.status}`)}</span>
                  </dd>
                </div>
                {guest && (
                  <div>
                    <dt>{t('people.homeMechanism')}</dt>
                    <dd>
                      {person.homeMechanism.name} <span className="badge badge-open">{t('people.granted')}</span>
                    </dd>
                  </div>
                )}
              </dl>
              {guest && (
                <p className="hint">
                  {t('people.grantedNote')}{' '}
                  {mechanisms.some((m) => m.id === person.homeMechanism.id) && (
                    <Link to={`/admin/personas?m=${person.homeMechanism.id}`}>{t('people.manageAtHome', { mechanism: person.homeMechanism.name })}</Link>
                  )}
                </p>
              )}
              {!guest && person.id !== user?.id && (person.role === 'ombudsman' || person.role === 'admin') && (
                <MechanismGrants person={person} mechanismId={mechanismId} managed={mechanisms} onSaved={people.reload} />
              )}
              {!guest && person.id !== user?.id && person.status !== 'invited' && (
                <div className="row-actions">
                  <button
                    type="button"
                    className="button button-secondary button-small"
                    disabled={row.busy}
                    onClick={() => void setActive(person, person.status !== 'active')}
                    aria-label={`${person.status === 'active' ? t('common.deactivate') : t('common.reactivate')}: ${person.displayName}`}
                  >
                    {person.status === 'active' ? t('common.deactivate') : t('common.reactivate')}
                  </button>
                </div>
              )}
            </AdminCard>
          );
        }}
      />
    </AdminScreen>
  );
}
