/**
 * The PostgreSQL extensions every embedded database loads. PGlite needs an extension's bundle handed to
 * its constructor before `CREATE EXTENSION` (and before opening a folder or snapshot that already has it),
 * so every place that opens a PGlite passes this one list: the server, backup restore and the tests.
 */
import type { Extension } from '@electric-sql/pglite';

// The package ships a CommonJS build of its contrib extensions (exports "require": dist/contrib/*.cjs) but
// declares only ESM types for them, which a CommonJS module may not `import`; so we require the build and
// give it PGlite's own Extension type.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: Extension };

/** Extensions for `new PGlite(dataDir, { extensions: PGLITE_EXTENSIONS })`: trigram similarity (related complaints). */
export const PGLITE_EXTENSIONS = { pg_trgm };
