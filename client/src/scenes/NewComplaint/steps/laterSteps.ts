/**
 * The intake form's steps after the first, and its review: one download that is not part of the form's
 * first one (docs/reach.md, the JS budget). NewComplaint asks for it at the first answer typed — like the
 * checks — so it is there long before "Siguiente"; the service worker's precache has it for offline use.
 */
export { WhereStep } from './WhereStep';
export { CompanyStep } from './CompanyStep';
export { CategoriesStep } from './CategoriesStep';
export { WhoStep } from './WhoStep';
export { IdentityStep } from './IdentityStep';
export { EquityStep } from './EquityStep';
export { ConsentStep } from './ConsentStep';
export { Review } from '../Review';
