/**
 * A "map" of Cesar as a grid cartogram: one equal square per municipality, placed roughly where it lies
 * (north up; Valledupar in the north-east, San Alberto at the southern tip). No map tiles: the server
 * may run with no internet access, and equal squares keep small municipalities visible and clickable.
 * Squares are shaded by case count with a legend, carry the number in text, and link to the cases.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { MunicipalityCount } from '../../../../shared/types/oversight';

/** Grid position (column, row) of each municipality of Cesar by DANE code. */
const CESAR_GRID: Record<string, [number, number]> = {
  '20238': [1, 0], // El Copey
  '20570': [2, 0], // Pueblo Bello
  '20001': [3, 0], // Valledupar
  '20443': [4, 0], // Manaure Balcón del Cesar
  '20060': [1, 1], // Bosconia
  '20250': [2, 1], // El Paso
  '20750': [3, 1], // San Diego
  '20621': [4, 1], // La Paz
  '20032': [0, 2], // Astrea
  '20178': [2, 2], // Chiriguaná
  '20013': [3, 2], // Agustín Codazzi
  '20045': [4, 2], // Becerril
  '20175': [1, 2], // Chimichagua
  '20787': [1, 3], // Tamalameque
  '20228': [2, 3], // Curumaní
  '20400': [3, 3], // La Jagua de Ibirico
  '20517': [2, 4], // Pailitas
  '20550': [2, 5], // Pelaya
  '20383': [1, 5], // La Gloria
  '20295': [0, 6], // Gamarra
  '20011': [1, 6], // Aguachica
  '20614': [2, 6], // Río de Oro
  '20310': [3, 6], // González
  '20770': [1, 7], // San Martín
  '20710': [1, 8], // San Alberto
};

const TILE = 84;
const GAP = 4;
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

/** The cartogram; `hrefFor` gives the drill-down address of a municipality. */
export function CesarMap({ municipalities, hrefFor }: { municipalities: MunicipalityCount[]; hrefFor: (id: string) => string }) {
  const { t } = useTranslation(['oversight']);
  const navigate = useNavigate();
  const id = useId();
  const placed = municipalities.filter((m) => CESAR_GRID[m.daneCode]);
  const others = municipalities.filter((m) => !CESAR_GRID[m.daneCode] && m.count > 0);
  const bounds = thresholds(Math.max(0, ...municipalities.map((m) => m.count)));
  const columns = 5;
  const rows = 9;
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
      <p className="hint">{t('map.explanation')}</p>
      <div className="map-wrap">
        <svg viewBox={`0 0 ${columns * (TILE + GAP)} ${rows * (TILE + GAP)}`} className="cesar-map" role="group" aria-labelledby={`${id}-title`}>
          {placed.map((m) => {
            const [col, row] = CESAR_GRID[m.daneCode]!;
            const shade = shadeOf(m.count, bounds);
            const x = col * (TILE + GAP);
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
                  void navigate(href);
                }}
              >
                <rect x={x} y={y} width={TILE} height={TILE} rx={4} fill={SHADES[shade]} stroke="#8a9499" strokeWidth={1} />
                {shortName(m.name).map((line, i) => (
                  <text key={line} x={x + 6} y={y + 16 + i * 13} fontSize={11} fill={ink}>
                    {line}
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
