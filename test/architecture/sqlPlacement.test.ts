/**
 * SQL lives in repositories (issue #18 §2, docs/sql.md): a statement anywhere else in the server is found
 * here, by file and line, before it spreads. The database layer itself and the two places that hand SQL
 * to a library (express-session's store, socket.io's cluster adapter) are the named exceptions.
 */
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** Folders and files that may hold SQL, relative to the project's root (docs/sql.md says why). */
const ALLOWED = ['server/repositories/', 'server/db/', 'server/auth/sessionStore.ts', 'server/realtime/postgresCluster.ts'];

/** A statement in a string, or a statement run on a database handle. */
const STATEMENT = /\b(SELECT\s+[\w"*(]|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(TABLE|INDEX|FUNCTION))/;
const RUN = /\b(db|tx|client|pool)\.(query|one|maybeOne|many|exec)\s*(<[^>]*>)?\(/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sourceFiles(relative);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

/** Every line outside the allowed places that writes or runs SQL, as `file:line: text`. */
function sqlOutsideRepositories(): string[] {
  const files = ['server', 'shared', 'client/src'].flatMap(sourceFiles).filter((file) => !ALLOWED.some((allowed) => file.startsWith(allowed)));
  return files.flatMap((file) =>
    fs
      .readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .flatMap((line, i) => (STATEMENT.test(line) || RUN.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
  );
}

describe('Where SQL is written', () => {
  it('When the server, shared and client code are read, Then no statement is written or run outside the repositories and the database layer', () => {
    expect(sqlOutsideRepositories()).toEqual([]);
  });

  it('When a statement is written outside them, Then the check names its file and line', () => {
    // The check itself, against a line it must catch and one it must not (a regular expression's exec).
    expect(STATEMENT.test("await db.one('SELECT count(*) FROM cases')") && RUN.test("await db.one('SELECT count(*) FROM cases')")).toBe(true);
    expect(STATEMENT.test('const match = /^(\\d{4})$/.exec(text);') || RUN.test('const match = /^(\\d{4})$/.exec(text);')).toBe(false);
  });
});
