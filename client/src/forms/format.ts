/** Small formatters shared by the forms and the case screens. */
import { currentLanguage } from '../i18n';

/** A byte count in words people know ("2,5 MB"). */
export function formatBytes(bytes: number): string {
  const language = currentLanguage();
  if (bytes < 1024 * 1024) {
    return `${new Intl.NumberFormat(language, { maximumFractionDigits: 0 }).format(Math.max(1, Math.round(bytes / 1024)))} KB`;
  }
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(bytes / (1024 * 1024))} MB`;
}

/** A date and time in Bogota, as a person in Cesar reads their clock. */
export function bogotaDateTime(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Bogota' }).format(new Date(iso));
}

/** A calendar date ('YYYY-MM-DD') in words, without shifting it through a time zone. */
export function calendarDate(date: string, language: string): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`));
}
