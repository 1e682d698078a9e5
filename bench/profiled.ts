/** The benches' profiler: PROFILE=<folder> writes a profile of each timed run there, for Chrome DevTools or bench/profileSummary.ts. */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';

/**
 * Runs `work` under the V8 CPU profiler (sampling every `intervalMicros`) when PROFILE names a folder, and writes the
 * profile there as `<name>.cpuprofile`; with ALLOCATIONS=1, a sampling profile of every allocation (those garbage
 * collected included) instead, as `<name>.heapprofile`. Without PROFILE, just runs `work`.
 */
export async function profiled<T>(name: string, work: () => Promise<T>, intervalMicros = 500): Promise<T> {
  const folder = process.env.PROFILE;
  if (!folder) return work();
  const session = new inspector.Session();
  session.connect();
  const allocations = process.env.ALLOCATIONS === '1';
  if (allocations)
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  else {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: intervalMicros });
    await session.post('Profiler.start');
  }
  try {
    return await work();
  } finally {
    fs.mkdirSync(folder, { recursive: true });
    if (allocations) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      fs.writeFileSync(path.join(folder, `${name}.heapprofile`), JSON.stringify(profile));
    } else {
      const { profile } = await session.post('Profiler.stop');
      fs.writeFileSync(path.join(folder, `${name}.cpuprofile`), JSON.stringify(profile));
    }
    session.disconnect();
  }
}
