import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir';

const CLI = path.resolve('bin/preau.js');

beforeAll(() => {
  execFileSync(process.execPath, ['scripts/build.mjs', '--node'], { stdio: 'pipe' });
});

describe('preau platform', () => {
  it('starts the sandbox on 127.0.0.1, prints its address and a studio token that the API accepts', async () => {
    const data = path.join(tempDir(), 'plateforme');
    const child = spawn(process.execPath, [CLI, 'platform', '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let url = '';
      let token = '';
      for await (const line of createInterface({ input: child.stdout })) {
        url ||= /prête : (http:\/\/127\.0\.0\.1:\d+)\/$/.exec(line)?.[1] ?? '';
        token ||= /Jeton du studio : (\S+)/.exec(line)?.[1] ?? '';
        if (url && token) break;
      }
      expect(url).not.toBe('');
      const ok = await fetch(`${url}/api/v1/studio`, { headers: { authorization: `Bearer ${token}` } });
      expect(ok.status).toBe(200);
      const refused = await fetch(`${url}/api/v1/studio`, { headers: { authorization: 'Bearer nope' } });
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('unauthorized');
      const home = await fetch(`${url}/`);
      expect(home.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(await home.text()).toContain('Code d’accès');
    } finally {
      child.kill('SIGTERM');
    }
    const exited = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    expect(exited).toBe(0);
  });

  it('refuses a malformed fault setting with a French message and exit code 2', () => {
    const r = spawnSync(process.execPath, [CLI, 'platform', '--data', tempDir(), '--faults', 'error=2'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('taux entre 0 et 1');
  });
});
