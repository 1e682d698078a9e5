/**
 * Plays the intake's spoken-help clips (issue #14 §6). Loaded only when a person presses "Escuchar"
 * (or after the page has loaded, to keep the questions' clips on the phone): nothing of it is in the
 * first download. One player for the whole page, so a new clip stops the one before. A clip is fetched
 * whole and played from memory: the service worker keeps it (client/src/sw.ts), so it plays with no
 * signal too, without the byte-range requests a streaming player would make.
 */

let player: HTMLAudioElement | null = null;
let playing: string | null = null;
const blobs = new Map<string, Promise<string>>();

function thePlayer(): HTMLAudioElement {
  if (!player) {
    player = document.createElement('audio');
    player.dataset.clipPlayer = '';
    player.preload = 'auto';
    player.hidden = true;
    document.body.append(player);
  }
  return player;
}

/** A clip's bytes as an object URL (fetched once per page). */
function objectUrlOf(url: string): Promise<string> {
  let pending = blobs.get(url);
  if (!pending) {
    pending = fetch(url, { credentials: 'same-origin' }).then(async (response) => {
      if (!response.ok) throw new Error(`clip answered ${response.status}`);
      return URL.createObjectURL(await response.blob());
    });
    pending.catch(() => blobs.delete(url));
    blobs.set(url, pending);
  }
  return pending;
}

/** Plays `url` (stopping any clip playing); resolves when it ends or another clip takes over, rejects when it cannot play. */
export async function playClip(url: string, onStart?: () => void): Promise<void> {
  const audio = thePlayer();
  audio.pause();
  playing = url;
  const source = await objectUrlOf(url);
  if (playing !== url) return;
  audio.src = source;
  await new Promise<void>((resolve, reject) => {
    const done = () => {
      audio.removeEventListener('ended', done);
      audio.removeEventListener('pause', done);
      resolve();
    };
    audio.addEventListener('ended', done);
    audio.play().then(() => {
      onStart?.();
      audio.addEventListener('pause', done);
    }, reject);
  });
}

/** Stops whatever clip is playing. */
export function stopClip(): void {
  playing = null;
  player?.pause();
}

/**
 * Asks for `urls` once, quietly, so the service worker keeps them for a visit with no signal. Skipped
 * when the person asked the browser to save data, and while there is no connection.
 */
export function prefetchClips(urls: string[]): void {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  if (connection?.saveData) return;
  // With no connection there is nothing to fetch (the clips kept already play from the phone), and each
  // attempt would only fail; the next page opened with signal keeps them.
  if (!navigator.onLine) return;
  for (const url of urls) void fetch(url, { credentials: 'same-origin' }).catch(() => undefined);
}
