/**
 * Translation resources for server and client. Spanish is the source language; every namespace must
 * exist in both languages with the same keys (test/i18n.test.ts fails otherwise).
 * Add a namespace by creating `es/<name>.json` and `en/<name>.json` and listing it here.
 */
import esErrors from './es/errors.json';
import enErrors from './en/errors.json';
import esDomain from './es/domain.json';
import enDomain from './en/domain.json';
import esDialogue from './es/dialogue.json';
import enDialogue from './en/dialogue.json';
import esDialogueUi from './es/dialogueUi.json';
import enDialogueUi from './en/dialogueUi.json';
import esApp from './es/app.json';
import esEmails from './es/emails.json';
import enEmails from './en/emails.json';
import enApp from './en/app.json';
import esChannels from './es/channels.json';
import enChannels from './en/channels.json';
import esIntake from './es/intake.json';
import enIntake from './en/intake.json';
import esIntakeUi from './es/intakeUi.json';
import esLanguages from './es/languages.json';
import enLanguages from './en/languages.json';
import enIntakeUi from './en/intakeUi.json';
import esOffline from './es/offline.json';
import enOffline from './en/offline.json';
import esDeadlines from './es/deadlines.json';
import enDeadlines from './en/deadlines.json';
import esAccount from './es/account.json';
import enAccount from './en/account.json';
import esAdmin from './es/admin.json';
import enAdmin from './en/admin.json';
import esAdminOutbox from './es/adminOutbox.json';
import enAdminOutbox from './en/adminOutbox.json';
import esDeadlinesUi from './es/deadlinesUi.json';
import enDeadlinesUi from './en/deadlinesUi.json';
import esLearning from './es/learning.json';
import esEffectiveness from './es/effectiveness.json';
import enEffectiveness from './en/effectiveness.json';
import enLearning from './en/learning.json';
import esOversight from './es/oversight.json';
import enOversight from './en/oversight.json';
import esSpokenHelp from './es/spokenHelp.json';
import enSpokenHelp from './en/spokenHelp.json';
import esTransparency from './es/transparency.json';
import esCustody from './es/custody.json';
import enCustody from './en/custody.json';
import enTransparency from './en/transparency.json';
import esHabeas from './es/habeas.json';
import enHabeas from './en/habeas.json';
import esPlainForm from './es/plainForm.json';
import enPlainForm from './en/plainForm.json';

/** Every namespace, per language; one line each, kept alphabetical, so branches adding one don't collide. */
export const resources = {
  es: {
    account: esAccount,
    admin: esAdmin,
    adminOutbox: esAdminOutbox,
    app: esApp,
    channels: esChannels,
    custody: esCustody,
    deadlines: esDeadlines,
    deadlinesUi: esDeadlinesUi,
    dialogue: esDialogue,
    dialogueUi: esDialogueUi,
    domain: esDomain,
    emails: esEmails,
    errors: esErrors,
    habeas: esHabeas,
    intake: esIntake,
    intakeUi: esIntakeUi,
    languages: esLanguages,
    learning: esLearning,
    effectiveness: esEffectiveness,
    offline: esOffline,
    oversight: esOversight,
    plainForm: esPlainForm,
    spokenHelp: esSpokenHelp,
    transparency: esTransparency,
  },
  en: {
    account: enAccount,
    admin: enAdmin,
    adminOutbox: enAdminOutbox,
    app: enApp,
    channels: enChannels,
    custody: enCustody,
    deadlines: enDeadlines,
    deadlinesUi: enDeadlinesUi,
    dialogue: enDialogue,
    dialogueUi: enDialogueUi,
    domain: enDomain,
    emails: enEmails,
    errors: enErrors,
    habeas: enHabeas,
    intake: enIntake,
    intakeUi: enIntakeUi,
    languages: enLanguages,
    learning: enLearning,
    effectiveness: enEffectiveness,
    offline: enOffline,
    oversight: enOversight,
    plainForm: enPlainForm,
    spokenHelp: enSpokenHelp,
    transparency: enTransparency,
  },
} as const;

/** Namespace names, in the order i18next should search them. */
export const NAMESPACES = Object.keys(resources.es) as (keyof typeof resources.es)[];
