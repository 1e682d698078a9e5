/**
 * The mechanisms this admin manages, loaded once for every admin screen before the screen is drawn.
 * Whether the screen shows a mechanism picker depends on it; had the picker arrived after the screen
 * (as it did), everything below it would jump down as it appeared, and a tap on a button that was
 * moving (a person's, or a test's) could land beside it and do nothing.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { AdminMechanismDto } from '../../../../shared/types/admin';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { useApiQuery } from '../../hooks/useApiQuery';

/** The managed mechanisms, and a way to ask again after one was created. */
export interface AdminMechanisms {
  list: AdminMechanismDto[];
  reload: () => Promise<boolean>;
}

const AdminMechanismsContext = createContext<AdminMechanisms | null>(null);

/** Draws `children` (an admin screen) once the managed mechanisms have arrived; until then a loading line, or the error with a retry. */
export function AdminMechanismList({ children }: { children: ReactNode }) {
  const query = useApiQuery<AdminMechanismDto[]>('/api/admin/mechanisms');
  if (!query.data) {
    if (query.error) return <ErrorMessage message={query.error.message} onRetry={() => void query.reload()} busy={query.loading} />;
    return <Loading />;
  }
  return <AdminMechanismsContext.Provider value={{ list: query.data, reload: query.reload }}>{children}</AdminMechanismsContext.Provider>;
}

/** The mechanisms this admin manages (inside `AdminMechanismList`, which every admin screen is drawn in). */
export function useAdminMechanisms(): AdminMechanisms {
  const mechanisms = useContext(AdminMechanismsContext);
  if (!mechanisms) throw new Error('useAdminMechanisms outside AdminMechanismList');
  return mechanisms;
}
