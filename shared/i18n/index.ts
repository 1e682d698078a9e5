/**
 * Translation resources for server and client. Spanish is the source language; every namespace must
 * exist in both languages with the same keys (test/i18n.test.ts fails otherwise).
 * Add a namespace by creating `es/<name>.json` and `en/<name>.json` and listing it here.
 */
import esErrors from './es/errors.json';
import enErrors from './en/errors.json';
import esDomain from './es/domain.json';
import enDomain from './en/domain.json';
import esApp from './es/app.json';
import esEmails from './es/emails.json';
import enEmails from './en/emails.json';
import enApp from './en/app.json';
import esIntake from './es/intake.json';
import enIntake from './en/intake.json';
import esAccount from './es/account.json';
import enAccount from './en/account.json';
import esAdmin from './es/admin.json';
import enAdmin from './en/admin.json';

/** Every namespace, per language. */
export const resources = {
  es: { account: esAccount, admin: esAdmin, app: esApp, domain: esDomain, emails: esEmails, errors: esErrors, intake: esIntake },
  en: { account: enAccount, admin: enAdmin, app: enApp, domain: enDomain, emails: enEmails, errors: enErrors, intake: enIntake },
} as const;

/** Namespace names, in the order i18next should search them. */
export const NAMESPACES = Object.keys(resources.es) as (keyof typeof resources.es)[];
