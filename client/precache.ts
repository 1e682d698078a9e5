/**
 * Which built files the service worker downloads at install (its precache): the shell, both languages'
 * texts and the code of every screen reachable from it — except the admin's and the ombudsman's
 * oversight screens, which are used at a desk with signal and would double the download on 2G. Those
 * are cached the first time they are opened (runtime caching in src/sw.ts).
 *
 * Vite's build manifest (`build.manifest`) says which chunks each screen imports; the list follows
 * the static imports of index.html and every dynamic import that does not lead into a left-out screen.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Screens (source folders) not precached. */
const DESK_ONLY = [/^src\/scenes\/Admin[A-Za-z]*\//, /^src\/scenes\/Oversight\//];

interface ManifestChunk {
  file: string;
  css?: string[];
  assets?: string[];
  imports?: string[];
  dynamicImports?: string[];
}

/** An entry of Workbox's precache list (the fields used here). */
export interface PrecacheEntry {
  url: string;
  revision: string | null;
  size: number;
}

/** The built files (relative to the output folder) that the shell and the precached screens need. */
export function neededFiles(manifest: Record<string, ManifestChunk>): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The build manifest has no chunk ${key}`);
    for (const file of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) files.add(file);
    for (const imported of chunk.imports ?? []) visit(imported);
    for (const imported of chunk.dynamicImports ?? []) if (!DESK_ONLY.some((pattern) => pattern.test(imported))) visit(imported);
  };
  visit('index.html');
  return files;
}

/** Workbox's candidate list narrowed to what the shell needs (index.html, icons and the manifest always). */
export function precachedFiles<T extends PrecacheEntry>(entries: T[], outDir: string): T[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
  const needed = neededFiles(manifest);
  // presentar-queja.html (the form's first screen drawn in) is for a first visit over the network; with
  // the worker every address opens index.html, which knows the language and the draft kept on the phone.
  return entries.filter((entry) => !/^presentar-queja(\.[a-z]{2,3})?\.html$/.test(entry.url) && (!/\.(js|css)$/.test(entry.url) || needed.has(entry.url)));
}
