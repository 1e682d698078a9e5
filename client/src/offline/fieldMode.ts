/**
 * Field mode (docs/offline-intake.md): a facilitator or an ombudsman officer, logged in once with
 * signal, turns it on and then records verbal petitions in a vereda with no signal at all. The phone
 * remembers who turned it on, so the form still knows who is receiving the petitions when the server
 * cannot be asked; logging out forgets it. Also keeps copies of what the form loads (lists, data
 * policy, limits), so a form opened again without signal still works.
 */
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SessionUser } from '../../../shared/types/api';
import type { ApiQuery } from '../hooks/useApiQuery';
import { afterInCharge } from '../shell/inCharge';

// The phone's database (with `idb`) downloads when a copy is kept or needed, not with the first screen.
const loadDeviceDb = () => import('./deviceDb');

/** Who turned field mode on, as remembered on the phone. */
export interface FieldUser {
  id: string;
  role: 'facilitator' | 'ombudsman';
  displayName: string;
}

const STORAGE_KEY = 'puente.fieldMode';
const listeners = new Set<() => void>();
let cached: { raw: string | null; user: FieldUser | null } = { raw: null, user: null };

function read(): FieldUser | null {
  let raw: string | null;
  try {
    raw = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    raw = null;
  }
  if (raw === cached.raw) return cached.user;
  let user: FieldUser | null = null;
  try {
    const parsed = raw ? (JSON.parse(raw) as Partial<FieldUser>) : null;
    if (parsed && typeof parsed.id === 'string' && (parsed.role === 'facilitator' || parsed.role === 'ombudsman') && typeof parsed.displayName === 'string') {
      user = { id: parsed.id, role: parsed.role, displayName: parsed.displayName };
    }
  } catch {
    user = null;
  }
  cached = { raw, user };
  return user;
}

function write(user: FieldUser | null): void {
  try {
    if (user) window.localStorage.setItem(STORAGE_KEY, JSON.stringify(user));
    else window.localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Without storage field mode lasts as long as the page.
  }
  for (const listener of listeners) listener();
}

/** Whether this role receives petitions for others in the field. */
export function mayWorkInField(role: string | undefined): role is FieldUser['role'] {
  return role === 'facilitator' || role === 'ombudsman';
}

/** Turns field mode on for the logged-in facilitator or officer. */
export function turnFieldModeOn(user: SessionUser): void {
  if (mayWorkInField(user.role)) write({ id: user.id, role: user.role, displayName: user.displayName });
}

/** Turns field mode off (also at logout: the next person on the phone must not act as this one). */
export function turnFieldModeOff(): void {
  write(null);
}

/** The person field mode is on for, if any. */
export function useFieldUser(): FieldUser | null {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    const onStorage = (event: StorageEvent) => event.key === STORAGE_KEY && listener();
    window.addEventListener('storage', onStorage);
    return () => {
      listeners.delete(listener);
      window.removeEventListener('storage', onStorage);
    };
  }, read);
}

/**
 * `query`, or when it failed (no signal) the copy of its last good answer kept on the phone under
 * `copyKey`; every good answer refreshes the copy.
 */
export function useWithDeviceCopy<T>(copyKey: string | null, query: ApiQuery<T>): ApiQuery<T> {
  const [copy, setCopy] = useState<{ key: string; value: T } | null>(null);
  useEffect(() => {
    // Not before the app is in charge: opening the phone's database downloads `idb`.
    if (copyKey && query.data !== undefined) void afterInCharge(() => loadDeviceDb().then((db) => db.keepCopy(copyKey, query.data)))().catch(() => undefined);
  }, [copyKey, query.data]);
  useEffect(() => {
    if (!copyKey || query.data !== undefined || !query.error) return;
    let live = true;
    void loadDeviceDb()
      .then((db) => db.readCopy<T>(copyKey))
      .then(
        (value) => {
          if (live && value !== undefined) setCopy({ key: copyKey, value });
        },
        // Its code could not be downloaded: no copy, the form needs the signal as before.
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [copyKey, query.data, query.error]);
  if (query.data !== undefined || !copy || copy.key !== copyKey) return query;
  return { ...query, data: copy.value, error: null };
}
