/**
 * The code of the screens people most often open directly (from a bookmark, the installed app or a
 * shared link). No React here: boot.ts starts the download of the one at the address before the rest of
 * the app's code is even evaluated; App.tsx makes them lazy screens.
 */

export const loadHome = () => import('./scenes/Home/Home');
export const loadLogin = () => import('./scenes/Login/Login');
export const loadCaseList = () => import('./scenes/CaseList/CaseList');
export const loadNewComplaint = () => import('./scenes/NewComplaint/NewComplaint');
export const loadTrackCase = () => import('./scenes/TrackCase/TrackCase');
export const loadCaseDetail = () => import('./scenes/CaseDetail/CaseDetail');
const PRELOADED_SCREENS: [RegExp, () => Promise<unknown>][] = [
  [/^\/$/, loadHome],
  [/^\/presentar-queja\/?$/, loadNewComplaint],
  [/^\/seguimiento\/?$/, loadTrackCase],
  [/^\/ingresar\/?$/, loadLogin],
  [/^\/casos\/?$/, loadCaseList],
  [/^\/casos\/[^/]+\/?$/, loadCaseDetail],
];

/** Starts downloading the code of the screen at `pathname` (if it is one of the above); errors surface on render. */
export function preloadScreen(pathname: string): void {
  const load = PRELOADED_SCREENS.find(([path]) => path.test(pathname))?.[1];
  load?.().catch(() => undefined);
}
