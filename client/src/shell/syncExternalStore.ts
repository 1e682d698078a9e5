/**
 * wouter imports `useSyncExternalStore` from the `use-sync-external-store` shim (for React < 18); React 19
 * has it built in, so client/vite.config.ts points the shim here and the first download does not carry it.
 */
export { useSyncExternalStore } from 'react';
