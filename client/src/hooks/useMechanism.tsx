/**
 * The public description of the mechanism (`GET /api/mechanism`), fetched once for the header and the
 * home page and again when the language changes (category names come translated).
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { MechanismDto } from '../../../shared/types/api';
import { useApiQuery, type ApiQuery } from './useApiQuery';

const MechanismContext = createContext<ApiQuery<MechanismDto> | null>(null);

/** Provides the mechanism to the whole app; render it once. */
export function MechanismProvider({ children }: { children: ReactNode }) {
  const query = useApiQuery<MechanismDto>('/api/mechanism');
  return <MechanismContext.Provider value={query}>{children}</MechanismContext.Provider>;
}

/** The mechanism query; only inside `MechanismProvider`. */
export function useMechanism(): ApiQuery<MechanismDto> {
  const value = useContext(MechanismContext);
  if (!value) throw new Error('useMechanism must be used inside MechanismProvider');
  return value;
}
