/**
 * A navigation link that marks the current screen (`aria-current="page"`, which the styles and screen
 * readers use): wouter's Link does not. `end`: only the exact address counts; otherwise the addresses
 * under it too (`/supervision` is current on `/supervision/casos`).
 */
import type { ReactNode } from 'react';
import { Link, useLocation } from 'wouter';

/** `to` may carry a query (`/admin/personas?m=…`); only its path decides whether it is current. */
export function NavLink({ to, end = false, children }: { to: string; end?: boolean; children: ReactNode }) {
  const [pathname] = useLocation();
  const path = to.split(/[?#]/)[0]!.replace(/\/$/, '') || '/';
  const here = pathname.replace(/\/$/, '') || '/';
  const current = here === path || (!end && path !== '/' && here.startsWith(`${path}/`));
  return (
    <Link to={to} aria-current={current ? 'page' : undefined}>
      {children}
    </Link>
  );
}
