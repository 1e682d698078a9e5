import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeEmbedded, getTestServer, type TestServer } from '../support';
import { runCommand, type CliIo } from '../../server/cli/admin';
import { GOOD_PASSWORD } from '../accountHelpers';

describe('Admin command line', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await getTestServer({ fixture: 'empty' });
  });
  afterAll(async () => {
    await server.close();
  });

  function io(stdin = ''): CliIo & { lines: string[]; errors: string[] } {
    const lines: string[] = [];
    const errors: string[] = [];
    return { lines, errors, out: (l) => lines.push(l), err: (l) => errors.push(l), readStdin: async () => stdin, language: 'es' };
  }

  const run = (argv: string[], cli = io()) =>
    runCommand({ db: server.db, clock: server.clock, config: server.config, cipher: server.app.ctx.cipher }, cli, argv).then((code) => ({ code, ...cli }));

  it('When a new installation is set up from the command line, Then the mechanism, its admin and an invited officer exist and the admin logs in', async () => {
    const created = await run(['create-mechanism', '--slug', 'cesar', '--name', 'Cesar — minería de carbón', '--region', 'Cesar, Colombia', '--prefix', 'CES']);
    expect(created.code).toBe(0);
    expect(created.lines[0]).toMatch(/Mecanismo «Cesar — minería de carbón» creado/);

    const admin = await run(
      ['create-admin', '--mechanism', 'cesar', '--email', 'ana@cesar.org', '--name', 'Ana Pérez', '--password-stdin'],
      io(`${GOOD_PASSWORD}\n`),
    );
    expect(admin.code).toBe(0);
    const client = await server.client();
    const login = await client.post('/api/session', { email: 'ana@cesar.org', password: GOOD_PASSWORD });
    expect(login.body.user).toMatchObject({ role: 'admin' });

    const invited = await run(['invite', '--mechanism', 'cesar', '--role', 'ombudsman', '--email', 'oficial@defensoria.gov.co', '--name', 'Oficial']);
    expect(invited.code).toBe(0);
    expect(invited.lines[1]).toMatch(/^http:\/\/localhost:3000\/invitacion\/[A-Za-z0-9_-]{43}$/);
    const token = invited.lines[1]!.split('/').pop();
    expect((await client.get(`/api/invitations/${token}`)).body.role).toBe('ombudsman');

    const listed = await run(['list-users', '--mechanism', 'cesar']);
    expect(listed.lines.sort()).toEqual(['admin\tactiva\tana@cesar.org\tAna Pérez\t', 'ombudsman\tinvitada\toficial@defensoria.gov.co\tOficial\t']);
  });

  it('When arguments are wrong, Then the CLI explains and changes nothing', async () => {
    const before = await server.db.one<{ n: number }>('SELECT count(*) AS n FROM mechanisms');
    expect((await run(['create-mechanism', '--slug', 'Mal Slug', '--name', 'X', '--region', 'X', '--prefix', 'x'])).errors.join('\n')).toMatch(
      /--slug: .*--referencePrefix/s,
    );
    expect((await run(['nada'])).code).toBe(2);
    expect((await run(['invite', '--mechanism', 'no-existe', '--role', 'liaison', '--email', 'a@b.co', '--name', 'A'])).code).toBe(1);
    const weak = await run(['create-admin', '--mechanism', 'cesar', '--email', 'b@cesar.org', '--name', 'B', '--password-stdin'], io('password123\n'));
    expect(weak.errors.join('\n')).toMatch(/más usadas/);
    expect((await server.db.one<{ n: number }>('SELECT count(*) AS n FROM mechanisms')).n).toBe(before.n);
  });
});

// The real command always opens an embedded data folder of its own, whatever database the run is on: the
// same test on both runs, so it runs once, with the embedded run (36 s of a second CI run otherwise).
describeEmbedded('The admin command line as installed', () => {
  it('When the real command runs on a fresh embedded data folder, Then it migrates and creates the mechanism', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'puente-cli-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, NODE_ENV: 'development', LANG: 'en_US.UTF-8', LOG_LEVEL: 'warn' };
      delete env.DATABASE_URL;
      const root = path.resolve(__dirname, '..', '..');
      const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
      const result = spawnSync(
        tsx,
        ['server/cli/admin.ts', 'create-mechanism', '--slug', 'guajira', '--name', 'La Guajira', '--region', 'La Guajira', '--prefix', 'GUA'],
        { cwd: root, env, encoding: 'utf8', timeout: 90_000 },
      );
      expect({ status: result.status, stdout: result.stdout }).toEqual({ status: 0, stdout: expect.stringMatching(/Mechanism “La Guajira” created/) });
      const missing = spawnSync(tsx, ['server/cli/admin.ts', 'list-users', '--mechanism', 'cesar'], { cwd: root, env, encoding: 'utf8', timeout: 90_000 });
      expect(missing.status).toBe(1);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
