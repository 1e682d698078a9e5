/** How a user is shown to themselves. */
import type { SessionUser } from '../../shared/types/api';
import type { UserRecord } from '../repositories/users';

/** The session's own user, as `GET /api/session` returns it. */
export function presentSessionUser(user: UserRecord): SessionUser {
  return {
    id: user.id,
    role: user.role,
    displayName: user.displayName,
    email: user.email,
    language: user.language,
    mechanismId: user.mechanismId,
    company: user.companyId && user.companyName ? { id: user.companyId, name: user.companyName } : null,
  };
}
