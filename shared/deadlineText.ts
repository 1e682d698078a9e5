/**
 * The plain countdown every party reads ("quedan 3 días hábiles", "vence hoy", "vencido hace 2 días
 * hábiles"), worded from keys of the `deadlines` namespace so server and client say the same thing.
 */
import type { DeadlineBadgeDto } from './types/deadlines';

/** Any i18next-style translate function (server `req.t`, client `useTranslation().t`). */
export type Translate = (key: string, options?: Record<string, unknown>) => string;

/** The key and count of a countdown, for callers that render it themselves. */
export function countdownKey(badge: Pick<DeadlineBadgeDto, 'businessDaysLeft' | 'paused'>): { key: string; count: number } {
  if (badge.paused) return { key: 'deadlines:countdown.paused', count: badge.businessDaysLeft };
  if (badge.businessDaysLeft > 0) return { key: 'deadlines:countdown.left', count: badge.businessDaysLeft };
  if (badge.businessDaysLeft === 0) return { key: 'deadlines:countdown.today', count: 0 };
  return { key: 'deadlines:countdown.overdue', count: -badge.businessDaysLeft };
}

/** The countdown in the reader's language. */
export function formatCountdown(t: Translate, badge: Pick<DeadlineBadgeDto, 'businessDaysLeft' | 'paused'>): string {
  const { key, count } = countdownKey(badge);
  return t(key, { count });
}

/** A whole sentence for screen readers and titles: stage, countdown and who must act. */
export function formatDeadlineLabel(t: Translate, badge: DeadlineBadgeDto): string {
  return t('deadlines:badge.label', {
    stage: t(`deadlines:stage.${badge.stage}`),
    countdown: formatCountdown(t, badge),
    responsible: t(`deadlines:responsible.${badge.responsible}`),
  });
}
