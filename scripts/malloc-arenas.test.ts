import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { restartWithMallocArenas, withMallocArenas } from '../bin/malloc-arenas.js';
import { tempDir } from '../test/helpers/temp-dir';

const hasExecve = typeof (process as { execve?: unknown }).execve === 'function';

describe('malloc arenas of Préau’s processes', () => {
  it('gives two arenas on Linux only, and keeps a value the user set', () => {
    expect(withMallocArenas({ PATH: '/bin' }, 'linux')).toEqual({ PATH: '/bin', MALLOC_ARENA_MAX: '2' });
    expect(withMallocArenas({ MALLOC_ARENA_MAX: '8' }, 'linux').MALLOC_ARENA_MAX).toBe('8');
    const windows = { PATH: 'C:\\bin' };
    expect(withMallocArenas(windows, 'win32')).toBe(windows);
  });

  it('restarts the command in place with the same arguments, or not at all where Node cannot', () => {
    const calls: unknown[][] = [];
    const proc = {
      env: { PATH: '/bin' },
      platform: 'linux' as const,
      execPath: '/usr/bin/node',
      execArgv: ['--enable-source-maps'],
      argv: ['/usr/bin/node', '/app/bin/preau.js', 'verify', '--job', '/a b'],
      execve: (...args: unknown[]) => {
        calls.push(args);
        return undefined as never;
      },
    };
    expect(restartWithMallocArenas(proc)).toBe(true);
    expect(calls).toEqual([
      [
        '/usr/bin/node',
        ['/usr/bin/node', '--enable-source-maps', '/app/bin/preau.js', 'verify', '--job', '/a b'],
        { PATH: '/bin', MALLOC_ARENA_MAX: '2' },
      ],
    ]);
    expect(restartWithMallocArenas({ ...proc, env: { MALLOC_ARENA_MAX: '4' } })).toBe(false);
    expect(restartWithMallocArenas({ ...proc, execve: undefined })).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it.skipIf(!hasExecve || process.platform !== 'linux')(
    'a real restart keeps the process id and its arguments (Node with process.execve)',
    () => {
      const dir = tempDir('preau-arenas-');
      const script = path.join(dir, 'probe.mjs');
      const module = pathToFileURL(path.resolve('bin/malloc-arenas.js')).href;
      writeFileSync(
        script,
        `const pid = process.env.PROBE_PID ?? String(process.pid);
process.env.PROBE_PID = pid;
const { restartWithMallocArenas } = await import(${JSON.stringify(module)});
restartWithMallocArenas();
console.log(JSON.stringify({ first: pid, now: String(process.pid), arenas: process.env.MALLOC_ARENA_MAX, args: process.argv.slice(2) }));`,
      );
      const env = { ...process.env };
      delete env.MALLOC_ARENA_MAX;
      const run = spawnSync(process.execPath, [script, 'a', 'b c'], { env, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const out = JSON.parse(run.stdout) as { first: string; now: string; arenas: string; args: string[] };
      expect(out).toEqual({ first: out.now, now: out.now, arenas: '2', args: ['a', 'b c'] });
    },
  );
});
