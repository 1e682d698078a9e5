import { formatCountdown, formatDeadlineLabel } from './deadlineText';
import { translatorFor } from '../server/i18n';

describe('Deadline countdown text', () => {
  const es = translatorFor('es') as unknown as (key: string, options?: Record<string, unknown>) => string;
  const en = translatorFor('en') as unknown as (key: string, options?: Record<string, unknown>) => string;

  it('When days remain, are due today or have passed, Then Spanish says it plainly with plurals', () => {
    expect(formatCountdown(es, { businessDaysLeft: 3, paused: false })).toBe('Quedan 3 días hábiles');
    expect(formatCountdown(es, { businessDaysLeft: 1, paused: false })).toBe('Queda 1 día hábil');
    expect(formatCountdown(es, { businessDaysLeft: 0, paused: false })).toBe('Vence hoy');
    expect(formatCountdown(es, { businessDaysLeft: -1, paused: false })).toBe('Vencido hace 1 día hábil');
    expect(formatCountdown(es, { businessDaysLeft: -2, paused: false })).toBe('Vencido hace 2 días hábiles');
  });

  it('When the clock is paused, Then the countdown says so with the days it keeps, without claiming who stopped it (the ombudsman may, with a reason)', () => {
    expect(formatCountdown(es, { businessDaysLeft: 4, paused: true })).toBe('Plazo en pausa: quedan 4 días hábiles');
    expect(formatCountdown(es, { businessDaysLeft: 1, paused: true })).toBe('Plazo en pausa: queda 1 día hábil');
    expect(formatCountdown(en, { businessDaysLeft: 2, paused: true })).toBe('Deadline paused: 2 business days left');
  });

  it('When the reader reads English, Then the whole label is English', () => {
    expect(formatDeadlineLabel(en, { stage: 'acknowledge', dueOn: '2026-11-25', businessDaysLeft: 2, responsible: 'company', paused: false })).toBe(
      'Deadline: Confirm receipt. 2 business days left. Must act: Company.',
    );
  });
});
