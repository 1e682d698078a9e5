/**
 * Charts over time drawn as inline SVG (no chart library: small, works offline, no inline styles for the
 * CSP). Each chart is an image with a text description, and its numbers are also a table, so nothing
 * depends on seeing colours or shapes.
 */
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MonthPoint } from '../../../../shared/types/oversight';
import { TableScroll } from '../../components/TableScroll';
import '../../styles/desk.css';
import '../../styles/screens.css';

const WIDTH = 640;
const HEIGHT = 220;
const PAD = { top: 12, right: 12, bottom: 32, left: 36 };
const COLOURS = { first: '#0b4f6c', second: '#c05a00' };

function niceMax(value: number): number {
  if (value <= 5) return 5;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return Math.ceil(value / magnitude) * magnitude;
}

function monthLabel(month: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(`${month}-15T12:00:00Z`));
}

/** Axis, gridlines and month labels shared by both charts. */
function Frame({ months, max, language, children }: { months: string[]; max: number; language: string; children: ReactNode }) {
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(months.length, 1);
  const every = Math.ceil(months.length / 8);
  return (
    <>
      {[0, 0.5, 1].map((f) => {
        const y = PAD.top + innerH * (1 - f);
        return (
          <g key={f}>
            <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y} y2={y} stroke="#c8cfd2" strokeWidth={1} />
            <text x={PAD.left - 6} y={y + 4} textAnchor="end" fontSize={11} fill="#4a4a4a">
              {Math.round(max * f)}
            </text>
          </g>
        );
      })}
      {months.map((m, i) =>
        i % every === 0 ? (
          <text key={m} x={PAD.left + step * (i + 0.5)} y={HEIGHT - 10} textAnchor="middle" fontSize={11} fill="#4a4a4a">
            {monthLabel(m, language)}
          </text>
        ) : null,
      )}
      {children}
    </>
  );
}

function Legend({ items }: { items: { label: string; colour: string }[] }) {
  return (
    <ul className="chart-legend" aria-hidden="true">
      {items.map((item) => (
        <li key={item.label}>
          <svg width="14" height="14" viewBox="0 0 14 14" focusable="false">
            <rect width="14" height="14" fill={item.colour} />
          </svg>{' '}
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function DataTable({ caption, columns, rows }: { caption: string; columns: string[]; rows: (string | number)[][] }) {
  const { t } = useTranslation(['oversight']);
  return (
    <details className="chart-table">
      <summary>{t('charts.showTable')}</summary>
      <TableScroll label={caption}>
        <table>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={String(row[0])}>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th key={i} scope="row">
                      {cell}
                    </th>
                  ) : (
                    <td key={i} className="numeric">
                      {cell}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </details>
  );
}

/** New and resolved complaints per month, as paired bars. */
export function VolumeChart({ series }: { series: MonthPoint[] }) {
  const { t, i18n } = useTranslation(['oversight']);
  const id = useId();
  const max = niceMax(Math.max(0, ...series.map((p) => Math.max(p.filed, p.resolved))));
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(series.length, 1);
  const bar = Math.max(1, step * 0.38);
  const y = (v: number) => PAD.top + innerH * (1 - v / max);
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{t('charts.volume')}</figcaption>
      <Legend
        items={[
          { label: t('charts.filed'), colour: COLOURS.first },
          { label: t('charts.resolved'), colour: COLOURS.second },
        ]}
      />
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg">
        <desc id={`${id}-desc`}>{t('charts.volumeDescription')}</desc>
        <Frame months={series.map((p) => p.month)} max={max} language={i18n.language}>
          {series.map((p, i) => {
            const x = PAD.left + step * i + step * 0.1;
            return (
              <g key={p.month}>
                <rect x={x} y={y(p.filed)} width={bar} height={PAD.top + innerH - y(p.filed)} fill={COLOURS.first} />
                <rect x={x + bar} y={y(p.resolved)} width={bar} height={PAD.top + innerH - y(p.resolved)} fill={COLOURS.second} />
              </g>
            );
          })}
        </Frame>
      </svg>
      <DataTable
        caption={t('charts.volume')}
        columns={[t('charts.month'), t('charts.filed'), t('charts.resolved')]}
        rows={series.map((p) => [monthLabel(p.month, i18n.language), p.filed, p.resolved])}
      />
    </figure>
  );
}

/** Median business days to acknowledge and to resolve per month, as two lines with points. */
export function DurationChart({ series }: { series: MonthPoint[] }) {
  const { t, i18n } = useTranslation(['oversight']);
  const id = useId();
  const max = niceMax(Math.max(0, ...series.flatMap((p) => [p.medianDaysToAcknowledge ?? 0, p.medianDaysToResolve ?? 0])));
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const step = (WIDTH - PAD.left - PAD.right) / Math.max(series.length, 1);
  const point = (i: number, v: number) => [PAD.left + step * (i + 0.5), PAD.top + innerH * (1 - v / max)] as const;
  const line = (pick: (p: MonthPoint) => number | null, colour: string) => {
    const points = series.flatMap((p, i) => {
      const v = pick(p);
      return v === null ? [] : [point(i, v)];
    });
    return (
      <g>
        {points.length > 1 && <polyline points={points.map(([x, y]) => `${x},${y}`).join(' ')} fill="none" stroke={colour} strokeWidth={2} />}
        {points.map(([x, y]) => (
          <circle key={`${x}-${y}`} cx={x} cy={y} r={3} fill={colour} />
        ))}
      </g>
    );
  };
  const show = (v: number | null) => (v === null ? t('charts.noValue') : v);
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{t('charts.durations')}</figcaption>
      <Legend
        items={[
          { label: t('charts.toAcknowledge'), colour: COLOURS.first },
          { label: t('charts.toResolve'), colour: COLOURS.second },
        ]}
      />
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} className="chart-svg">
        <desc id={`${id}-desc`}>{t('charts.durationsDescription')}</desc>
        <Frame months={series.map((p) => p.month)} max={max} language={i18n.language}>
          {line((p) => p.medianDaysToAcknowledge, COLOURS.first)}
          {line((p) => p.medianDaysToResolve, COLOURS.second)}
        </Frame>
      </svg>
      <DataTable
        caption={t('charts.durations')}
        columns={[t('charts.month'), t('charts.toAcknowledge'), t('charts.toResolve')]}
        rows={series.map((p) => [monthLabel(p.month, i18n.language), show(p.medianDaysToAcknowledge), show(p.medianDaysToResolve)])}
      />
    </figure>
  );
}
