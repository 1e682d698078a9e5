/**
 * A password link for a complainant who logs in with a phone number: there is no SMS gateway, so the
 * person comes to the office and an admin hands the link over. The account's name is shown so the admin
 * can check it against the person in front of them; the link is shown once and never stored here.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RecoveryLinkDto } from '../../../../shared/types/admin';
import { recoveryLinkSchema } from '../../../../shared/validation/admin';
import { apiSend } from '../../api/client';
import { bogotaDateTime } from '../../forms/format';
import { TextField, useIssueMessages } from '../../components/FormField';
import { ADMIN_NAMESPACES } from '../AdminShared/adminShared';
import { AdminFormPanel } from '../AdminShared/AdminSections';
import { useSubmit } from '../../hooks/useSubmit';
import '../../styles/screens.css';

/** The recovery panel of `/admin/personas`, for the mechanism at `base`. */
export function AccountRecovery({ base }: { base: string }) {
  const { t, i18n } = useTranslation(ADMIN_NAMESPACES);
  const form = useSubmit();
  const issues = useIssueMessages();
  const [phone, setPhone] = useState('');
  const [issued, setIssued] = useState<RecoveryLinkDto | null>(null);

  async function issue(event: FormEvent) {
    event.preventDefault();
    setIssued(null);
    const parsed = recoveryLinkSchema.safeParse({ phone });
    if (!parsed.success) return form.setFieldErrors(issues(parsed.error.issues));
    const ok = await form.run(async () => {
      setIssued(await apiSend<RecoveryLinkDto>('POST', `${base}/recovery-links`, parsed.data));
      return null;
    });
    if (ok) setPhone('');
  }

  return (
    <>
      <AdminFormPanel
        id="people-recovery"
        title={t('people.recovery.title')}
        submit={form}
        onSubmit={(e) => void issue(e)}
        submitLabel={t('people.recovery.create')}
        busyLabel={t('people.recovery.creating')}
      >
        <p className="hint">{t('people.recovery.intro')}</p>
        <TextField label={t('people.recovery.phone')} type="tel" autoComplete="off" value={phone} onChange={setPhone} error={form.fieldErrors.phone} required />
      </AdminFormPanel>
      {issued && (
        <section className="panel stack" aria-labelledby="people-recovery-link" role="status">
          <h2 id="people-recovery-link">{t('people.recovery.linkFor', { name: issued.displayName })}</h2>
          <p className="alert alert-info">{t('people.recovery.checkFirst', { name: issued.displayName })}</p>
          <p className="break">
            <code>{issued.link}</code>
          </p>
          <p className="hint">{t('people.recovery.expires', { time: bogotaDateTime(issued.expiresAt, i18n.language) })}</p>
        </section>
      )}
    </>
  );
}
