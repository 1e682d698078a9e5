/** Polite announcements for screen readers about changes the person did not cause (live updates). */
import { useCallback, useEffect, useRef, useState } from 'react';

/** How long an announcement stays in the live region before it is cleared for the next one. */
const CLEAR_AFTER_MS = 5000;

/** `[message, announce]`: render `message` inside an `aria-live="polite"` region that is always present. */
export function useAnnouncer(): [string, (message: string) => void] {
  const [message, setMessage] = useState('');
  const timers = useRef<number[]>([]);

  const announce = useCallback((next: string) => {
    for (const timer of timers.current) window.clearTimeout(timer);
    // Emptying first makes screen readers repeat a message identical to the previous one.
    setMessage('');
    timers.current = [window.setTimeout(() => setMessage(next), 100), window.setTimeout(() => setMessage(''), 100 + CLEAR_AFTER_MS)];
  }, []);

  useEffect(() => () => timers.current.forEach((timer) => window.clearTimeout(timer)), []);
  return [message, announce];
}
