/** Who is filing on this phone now: the session's account, field mode's remembered one without signal, or a visitor. */
import type { SessionUser } from '../../../shared/types/api';
import { useSession } from '../hooks/useSession';
import { useFieldUser } from './fieldMode';
import { VISITOR } from './queueTypes';

/** Who is filing on this phone now, as the intake form and the queue list see it. */
export interface Filer {
  /** The account (from the session, or remembered by field mode when the server cannot be reached); null for a visitor. */
  user: Pick<SessionUser, 'id' | 'role' | 'displayName'> | null;
  /** Whose queued complaints this is: the account id or `visitor`. */
  owner: string;
  /** Whether field mode is on for this account. */
  fieldMode: boolean;
  /** True while the session could not be asked (no signal since the page opened). */
  offline: boolean;
}

/** The filer on this phone now. */
export function useFiler(): Filer {
  const { user, status } = useSession();
  const field = useFieldUser();
  const offline = status === 'error';
  const account = user ?? (offline ? field : null);
  return { user: account, owner: account?.id ?? VISITOR, fieldMode: Boolean(account && field && field.id === account.id), offline };
}
