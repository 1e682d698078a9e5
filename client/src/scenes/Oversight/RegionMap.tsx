/**
 * A "map" of a mechanism's region as a grid cartogram: one equal square per municipality, placed roughly
 * where it lies (north up) at the column and row an admin gave it (`mapPosition`, migration
 * 0010_place_grid; the demo's Cesar has Valledupar in the north-east, San Alberto at the southern tip).
 * No map tiles: the server may run with no internet access, and equal squares keep small municipalities
 * visible and clickable. Squares are shaded by case count with a legend, carry the number in text, and
 * link to the cases; municipalities with cases but no square are listed under the map.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'wouter';
import type { MapPosition, MunicipalityCount } from '../../../../shared/types/oversight';
import '../../styles/desk.css';
import '../../styles/screens.css';

const TILE = 84;
const GAP = 4;
/** Screen pixels per grid unit at most: Cesar's five columns fill about 26rem, as they always did. */
const SCALE = 0.95;
/** Light to dark; text turns white on the two darkest. */
const SHADES = ['#f4f6f7', '#cfe3ec', '#8fbdd1', '#3f7f9c', '#0b4f6c'];

/** Upper bounds of the four non-empty shades, from the largest count. */
function thresholds(max: number): number[] {
  const step = Math.max(1, Math.ceil(max / 4));
  return [step, step * 2, step * 3, Math.max(step * 4, max)];
}

function shadeOf(count: number, bounds: number[]): number {
  if (count === 0) return 0;
  return 1 + bounds.findIndex((b) => count <= b);
}

/** Short label that fits a tile: the longest names are cut at a word boundary. */
function shortName(name: string): string[] {
  const words = name.split(' ');
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && (last + ' ' + word).length <= 12) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.slice(0, 3);
}

type Placed = MunicipalityCount & { mapPosition: MapPosition };

/**
 * The cartogram of `mechanism` (its name, for the explanation); `hrefFor` gives the drill-down address
 * of a municipality.
 */
export function RegionMap({ mechanism, municipalities, hrefFor }: { mechanism: string; municipalities: MunicipalityCount[]; hrefFor: (id: string) => string }) {
  const { t } = useTranslation(['oversight']);
  const [, navigate] = useLocation();
  const id = useId();
  const placed = municipalities.filter((m): m is Placed => m.mapPosition !== null);
  const others = municipalities.filter((m) => m.mapPosition === null && m.count > 0);
  const bounds = thresholds(Math.max(0, ...municipalities.map((m) => m.count)));
  // The grid is as large as its farthest squares, so a small region is not drawn inside empty space.
  const columns = Math.max(0, ...placed.map((m) => m.mapPosition.column)) + 1;
  const rows = Math.max(0, ...placed.map((m) => m.mapPosition.row)) + 1;
  const legend = [
    { shade: 0, label: t('map.legendNone') },
    ...bounds.flatMap((to, i) => {
      const from = i === 0 ? 1 : bounds[i - 1]! + 1;
      return from <= to ? [{ shade: i + 1, label: from === to ? String(to) : t('map.legendRange', { from, to }) }] : [];
    }),
  ];

  return (
    <section className="oversight-section" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('map.title')}</h2>
      <p className="hint">{t('map.explanation', { mechanism })}</p>
      {placed.length === 0 ? (
        <p>{t('map.noGrid')}</p>
      ) : (
        <div className="map-wrap">
          {/* Sized by its grid, so a region of few squares keeps tiles the size of Cesar's; a phone shrinks it to fit (CSS). */}
          <svg
            viewBox={`0 0 ${columns * (TILE + GAP)} ${rows * (TILE + GAP)}`}
            width={Math.round(columns * (TILE + GAP) * SCALE)}
            className="region-map"
            role="group"
            aria-labelledby={`${id}-title`}
          >
            {placed.map((m) => {
              const { column, row } = m.mapPosition;
              const shade = shadeOf(m.count, bounds);
              const x = column * (TILE + GAP);
              const y = row * (TILE + GAP);
              const ink = shade >= 3 ? '#ffffff' : '#1a1a1a';
              const href = hrefFor(m.id);
              return (
                <a
                  key={m.id}
                  href={href}
                  aria-label={t('map.tile', { name: m.name, count: m.count })}
                  className="map-tile"
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(href);
                  }}
                >
                  <rect x={x} y={y} width={TILE} height={TILE} rx={4} fill={SHADES[shade]} stroke="#8a9499" strokeWidth={1} />
                  {/* Each line ends in a space: read together, the tile's words are "Agustín Codazzi 1", as in
                      its accessible name ("Agustín Codazzi: 1 queja"), not "AgustínCodazzi1" (WCAG 2.5.3). */}
                  {shortName(m.name).map((line, i) => (
                    <text key={line} x={x + 6} y={y + 16 + i * 13} fontSize={11} fill={ink}>
                      {`${line} `}
                    </text>
                  ))}
                  <text x={x + TILE - 8} y={y + TILE - 10} fontSize={20} fontWeight={700} textAnchor="end" fill={ink}>
                    {m.count}
                  </text>
                </a>
              );
            })}
          </svg>
          <div className="map-legend">
            <h3>{t('map.legend')}</h3>
            <ul>
              {legend.map((entry) => (
                <li key={entry.shade}>
                  <svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">
                    <rect width="18" height="18" fill={SHADES[entry.shade]} stroke="#8a9499" />
                  </svg>{' '}
                  {entry.label}
                </li>
              ))}
            </ul>
          </div>
        </div>
      )}
      {others.length > 0 && (
        <>
          <h3>{t('map.otherMunicipalities')}</h3>
          <ul className="inline-list">
            {others.map((m) => (
              <li key={m.id}>
                <a href={hrefFor(m.id)}>{t('map.tile', { name: m.name, count: m.count })}</a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
