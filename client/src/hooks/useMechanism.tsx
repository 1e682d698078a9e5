/**
 * The public description of the mechanism (`GET /api/mechanism`), fetched once for the header and the
 * home page and again when the language changes (category names come translated).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { MechanismDto } from '../../../shared/types/api';
import { useApiQuery, type ApiQuery } from './useApiQuery';
import { useSession } from './useSession';

const MechanismContext = createContext<ApiQuery<MechanismDto> | null>(null);

// A mechanism's own public link is `/?mecanismo=<slug>`; the choice lasts for this tab's visit.
const SLUG_STORAGE_KEY = 'puente.mechanism';

/** The slug this visit's public pages name (from `?mecanismo=`, remembered for the tab), if any. */
export function publicMechanismSlug(): string | null {
  // None when the form's first screen is drawn at build (src/prerender): no address, no storage.
  if (typeof window === 'undefined') return null;
  const fromUrl = new URLSearchParams(window.location.search).get('mecanismo');
  try {
    if (fromUrl) window.sessionStorage.setItem(SLUG_STORAGE_KEY, fromUrl);
    return fromUrl || window.sessionStorage.getItem(SLUG_STORAGE_KEY);
  } catch {
    return fromUrl;
  }
}

/** `path` with the public page's mechanism appended as `?mechanism=<slug>`, as every API route names one (nothing without one). */
export function withPublicMechanism(path: string): string {
  const slug = publicMechanismSlug();
  return slug ? `${path}${path.includes('?') ? '&' : '?'}mechanism=${encodeURIComponent(slug)}` : path;
}

/** Provides the mechanism to the whole app; render it once. */
export function MechanismProvider({ children }: { children: ReactNode }) {
  const { user } = useSession();
  // Logged-in people belong to (and file into) their own mechanism, whatever page they came from.
  const query = useApiQuery<MechanismDto>(user ? '/api/mechanism' : withPublicMechanism('/api/mechanism'));
  return <MechanismContext.Provider value={query}>{children}</MechanismContext.Provider>;
}

/** The mechanism query; only inside `MechanismProvider`. */
export function useMechanism(): ApiQuery<MechanismDto> {
  const value = useContext(MechanismContext);
  if (!value) throw new Error('useMechanism must be used inside MechanismProvider');
  return value;
}

/**
 * The mechanism named by `slug` (an ombudsman officer overseeing one they were granted), or, without a
 * slug, the same query as useMechanism — so screens that never name one behave exactly as before.
 */
export function useMechanismBySlug(slug: string | undefined): ApiQuery<MechanismDto> {
  const provided = useMechanism();
  const named = useApiQuery<MechanismDto>(slug ? `/api/mechanism?mechanism=${encodeURIComponent(slug)}` : null);
  return slug ? named : provided;
}
