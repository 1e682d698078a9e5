/**
 * A wide table's sideways-scrolling box. When the table is wider than the screen (as on a phone) the box
 * becomes a named region that takes keyboard focus, so someone without a mouse or touch can scroll it
 * with the arrow keys (WCAG 2.1.1; axe's `scrollable-region-focusable`). When everything fits it is a
 * plain box and adds no stop to the tab order.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import '../styles/public.css';

/** The box around a table; `label` names it for screen readers (usually the heading of its section). */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  // Measured before the first paint: a screen read (or checked) as soon as it shows already has the
  // focusable region, rather than after the observer's first callback.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={box} className="table-scroll" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}
