import '../styles/public.css';
import '../styles/screens.css';
/** The pictogram of a complaint category, for people who read little; always beside its name. */

/**
 * Icon names the server may send, mapped to pictograms every phone can draw without downloads (emoji
 * from Unicode 6–9 only, which older Android phones have).
 */
const PICTOGRAMS: Record<string, string> = {
  water: '💧',
  droplet: '💧',
  air: '🌫️',
  dust: '🌫️',
  wind: '🌫️',
  noise: '🔊',
  'volume-2': '🔊',
  vibration: '📳',
  land: '🏞️',
  home: '🏠',
  house: '🏠',
  resettlement: '🏘️',
  employment: '👷',
  briefcase: '💼',
  work: '👷',
  health: '🏥',
  'heart-pulse': '🏥',
  road: '🚚',
  truck: '🚚',
  traffic: '🚦',
  shield: '🛡️',
  security: '🛡️',
  'human-rights': '🛡️',
  culture: '🎭',
  landmark: '🎭',
  environment: '🌳',
  tree: '🌳',
  leaf: '🌿',
  biodiversity: '🌿',
  investment: '🤝',
  community: '🤝',
  handshake: '🤝',
  other: '📝',
};

/** Decorative: screen readers read the category name that always accompanies it. */
export function CategoryIcon({ icon }: { icon: string }) {
  return (
    <span className="category-icon" aria-hidden="true">
      {PICTOGRAMS[icon] ?? '•'}
    </span>
  );
}
