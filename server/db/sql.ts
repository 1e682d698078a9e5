/**
 * SQL you cannot miscount: statements written as tagged templates whose values become `$1, $2 …` in
 * the order they appear, however many optional parts a statement has (sql-template-tag; docs/sql.md
 * says why this and not a query builder). Pieces nest: a condition built elsewhere (a policy's scope)
 * is put into a statement as it is and its values are renumbered with it.
 *
 *   const where = [sql`c.mechanism_id = ${id}`];
 *   if (status) where.push(sql`c.status = ${status}`);
 *   db.query(sql`SELECT … FROM cases c WHERE ${joinSql(where, ' AND ')} LIMIT ${limit}`);
 *
 * Queryable.query/one/maybeOne take the result directly. Only values are parameters: identifiers and
 * keywords that vary go in through `rawSql`, from constants only, never from input.
 */
import sqlTag, { empty, join, raw, Sql } from 'sql-template-tag';

/** A statement or a piece of one, with its values (`text` numbers them `$1 …`). */
export type SqlFragment = Sql;

/**
 * The tag. sql-template-tag 4 (the CommonJS line: the server is CommonJS, 5.x is ESM only) types
 * values narrowly; PostgreSQL's drivers take dates and arrays as well, so any value goes in here.
 */
export const sql = sqlTag as unknown as (strings: TemplateStringsArray, ...values: unknown[]) => SqlFragment;

/** Pieces joined with `separator` (`' AND '`, `', '`); `empty` when there are none. */
export function joinSql(pieces: readonly SqlFragment[], separator: string): SqlFragment {
  return pieces.length === 0 ? empty : join(pieces as SqlFragment[], separator);
}

/** Text put into a statement as it is (a column list, a sort order): constants only, never input. */
export function rawSql(text: string): SqlFragment {
  return raw(text);
}

/** The piece that adds nothing. */
export const emptySql: SqlFragment = empty;

/** Whether a query argument is a built statement (rather than text with its own parameters). */
export function isSqlFragment(value: unknown): value is SqlFragment {
  return value instanceof Sql;
}
