/**
 * The count under a text box with a limit. It shows the limit before anything is typed, the count while
 * typing, and — when a paste or the typing goes past the limit — how much is over, keeping every
 * character (the box has no `maxLength`, so nothing is ever cut silently; the shared schema then refuses
 * the step with the field's message). Screen readers hear it only when a threshold is crossed (near the
 * limit, at it, over it, back under it), never on every key press; on focus they read the count, since
 * the box lists it in `aria-describedby` (see `countId`).
 */
import { useEffect, useEffectEvent, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useAnnouncer } from '../hooks/useAnnouncer';
import { UI_NAMESPACES } from '../i18n';

/** From this share of the limit on, the count says how many characters are left. */
const NEAR_SHARE = 0.9;

/** Where a text stands against its limits. */
export type TextLimitState = 'empty' | 'short' | 'fits' | 'near' | 'full' | 'over';

/** The state of a text of `length` characters between `minimum` (optional) and `maximum`. */
export function textLimitState(length: number, maximum: number, minimum = 0): TextLimitState {
  if (length === 0) return 'empty';
  if (length > maximum) return 'over';
  if (length === maximum) return 'full';
  if (length < minimum) return 'short';
  return length >= Math.ceil(maximum * NEAR_SHARE) ? 'near' : 'fits';
}

/** The characters the server counts: the shared schemas trim before checking a length. */
export function countedLength(text: string): number {
  return text.trim().length;
}

/** The id of the count of the box with id `boxId`, for the box's `aria-describedby`. */
export function countId(boxId: string): string {
  return `${boxId}-count`;
}

/** A box's `aria-describedby` with its count added (the box's own hint and error first). */
export function withCount(control: { id: string; 'aria-describedby'?: string }): string {
  return [control['aria-describedby'], countId(control.id)].filter(Boolean).join(' ');
}

/** Threshold crossings worth interrupting someone for; the others are read on focus. */
const ANNOUNCED: readonly TextLimitState[] = ['near', 'full', 'over'];

/** The count of box `boxId` holding `text`. */
export function CharacterCount({ boxId, text, maximum, minimum }: { boxId: string; text: string; maximum: number; minimum?: number }) {
  const { t } = useTranslation(UI_NAMESPACES);
  const length = countedLength(text);
  const state = textLimitState(length, maximum, minimum);
  // `count` picks the plural form: the characters typed, left or over, as the state speaks of.
  const count = state === 'near' ? maximum - length : state === 'over' ? length - maximum : length;
  const numbers = { length, maximum, minimum, count };
  const [announcement, announce] = useAnnouncer();
  const previous = useRef(state);

  // Only the crossing matters: the numbers inside a state change on every key press, so they are read, not watched.
  const announceCrossing = useEffectEvent((before: TextLimitState) => {
    if (ANNOUNCED.includes(state)) announce(t(`app:textLimit.announce.${state as 'full'}`, numbers));
    else if (before === 'over') announce(t('app:textLimit.announce.backUnder', numbers));
  });
  useEffect(() => {
    const before = previous.current;
    previous.current = state;
    if (before !== state) announceCrossing(before);
  }, [state]);

  const visible = {
    empty: t('app:textLimit.empty', numbers),
    short: t('app:textLimit.short', numbers),
    fits: t('app:textLimit.fits', numbers),
    near: t('app:textLimit.near', numbers),
    full: t('app:textLimit.full', numbers),
    over: t('app:textLimit.over', numbers),
  }[state];
  return (
    <>
      <p id={countId(boxId)} className={`counter counter-${state}`}>
        {visible}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
