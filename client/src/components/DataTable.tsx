/**
 * A table of records or figures as every report screen draws it: in its sideways-scrolling box
 * (TableScroll), with an optional caption, each column heading marked `scope="col"`, figures right-aligned,
 * and — unless told otherwise — each row's first cell as the row's heading (`scope="row"`), so a screen
 * reader names the row and the column of every figure it reads.
 */
import type { Key, ReactNode } from 'react';
import { TableScroll } from './TableScroll';
import '../styles/screens.css';

/** One column: its heading, what it shows for a row, and whether it holds figures (right-aligned). */
export interface DataColumn<Row> {
  label: ReactNode;
  cell: (row: Row) => ReactNode;
  numeric?: boolean;
}

/**
 * The table; `label` names the scrolling box for screen readers, `rowKey` tells the rows apart, and
 * `rowHeaders={false}` keeps every cell a plain cell (a log of events has no row heading).
 */
export function DataTable<Row>({
  label,
  caption,
  className = 'data-table',
  columns,
  rows,
  rowKey,
  rowHeaders = true,
}: {
  label: string;
  caption?: ReactNode;
  className?: string;
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  rowHeaders?: boolean;
}) {
  const numeric = (column: DataColumn<Row>) => (column.numeric ? 'numeric' : undefined);
  return (
    <TableScroll label={label}>
      <table className={className}>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((column, i) => (
              <th key={i} scope="col" className={numeric(column)}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column, i) =>
                rowHeaders && i === 0 ? (
                  <th key={i} scope="row" className={numeric(column)}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={i} className={numeric(column)}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
