/**
 * A wide table's sideways-scrolling box. When the table is wider than the screen (as on a phone) the box
 * becomes a named region that takes keyboard focus, so someone without a mouse or touch can scroll it
 * with the arrow keys (WCAG 2.1.1; axe's `scrollable-region-focusable`). When everything fits it is a
 * plain box and adds no stop to the tab order.
 *
 * And the table of records or figures every report screen draws in it (DataTable): an optional caption,
 * each column heading marked `scope="col"`, figures right-aligned, and — unless told otherwise — each
 * row's first cell as the row's heading (`scope="row"`), so a screen reader names the row and the column
 * of every figure it reads. (One module with the box: a module of its own would be one more file in the
 * list every page's first download carries.)
 */
import { useLayoutEffect, useRef, useState, type Key, type ReactNode } from 'react';
import '../styles/public.css';

/** The box around a table; `label` names it for screen readers (usually the heading of its section). */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);

  // Measured before the first paint: a screen read (or checked) as soon as it shows already has the
  // focusable region, rather than after the observer's first callback.
  useLayoutEffect(() => {
    const element = box.current;
    if (!element) return;
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    if (element.firstElementChild) observer.observe(element.firstElementChild);
    return () => observer.disconnect();
  }, []);

  return (
    <div ref={box} className="table-scroll" {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}>
      {children}
    </div>
  );
}

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
