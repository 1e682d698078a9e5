/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof` or bench/filing.ts's PROFILE=…): where the
 * process spent its time, by function (self time) and by package or source folder (self time summed),
 * so that a bench's CPU can be read without Chrome DevTools.
 *
 *   npx tsx bench/profileSummary.ts /tmp/prof/named-1.cpuprofile [TOP=30]
 */
import fs from 'node:fs';

/** The parts of a V8 profile node this summary reads. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The parts of a V8 CPU profile this summary reads. */
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The package (node_modules/<name>), our folder (server/…), or Node's own code a script belongs to. */
function ownerOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /\/(server|shared|bench)\/(.*?)(\/[^/]*)?$/.exec(url);
  if (ours) return `${ours[1]}/${ours[3] ? ours[2] : ''}`.replace(/\/$/, '');
  return url;
}

function main(): void {
  const file = process.argv[2];
  if (!file) throw new Error('Give the .cpuprofile file');
  const top = Number(process.env.TOP ?? 30);
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const owner = ownerOf(url);
    const name = `${functionName || '(anonymous)'}  ${owner}${url ? `:${lineNumber + 1}` : ''}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + us);
  }
  const show = (title: string, entries: Map<string, number>) => {
    console.log(`\n${title}`);
    for (const [name, us] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${((us / total) * 100).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`);
    }
  };
  console.log(`${file}: ${(total / 1e6).toFixed(1)} s profiled, ${profile.samples.length} samples`);
  show('self time by package or folder', byOwner);
  show('self time by function', byFunction);
}

main();
