/**
 * The Spanish texts every page needs to draw its first screen — the public screens (home, complaint
 * form, tracking form), the layout and every error — as one small download. The rest are in ./es-more.ts.
 */
import { bundleOf } from './bundle';

export default bundleOf(
  import.meta.glob<Record<string, unknown>>(['../../../shared/i18n/es/{app,domain,errors,intake,intakeUi,offline,transparency}.json'], {
    eager: true,
    import: 'default',
  }),
);
