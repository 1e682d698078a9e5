import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEmbedded } from '../support';
import { startServerProcess as startMain, useServerProcesses } from './serverProcess';

// It starts on an embedded data folder (DATABASE_URL empty) whatever database the run is on: the same test
// on both runs, so it runs once, with the embedded run.
describeEmbedded('The server process', () => {
  useServerProcesses();

  it('When started on an empty data folder and sent SIGTERM, Then it seeds, serves, and exits cleanly; a restart keeps the data', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-main-'));
    const env = { DATA_DIR: dataDir, DATABASE_URL: '', RUN_JOBS: 'true', SEED_DEMO: 'auto' };
    try {
      const first = startMain(env);
      const url = await first.listening();
      expect(first.lines.some((l) => l.msg === 'demo data loaded')).toBe(true);
      const health = await fetch(`${url}/api/health`);
      expect(await health.json()).toEqual({ status: 'ok', database: 'embedded' });
      first.child.kill('SIGTERM');
      expect(await first.exited).toBe(0);
      expect(first.lines.some((l) => l.msg === 'shutting down')).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);

      // Second start: same folder, no second seeding, same demo data.
      const second = startMain(env);
      const again = await second.listening();
      expect(second.lines.some((l) => l.msg === 'demo data loaded')).toBe(false);
      const mechanism = (await (await fetch(`${again}/api/mechanism`)).json()) as { name: string };
      expect(mechanism.name).toBe('Cesar — minería de carbón');
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 150_000);
});
