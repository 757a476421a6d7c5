/**
 * The real browser host as a child process (`node dist/main/cli.js … serve --port 0`), for the
 * end-to-end suite and the UI benchmarks: started on given data and library folders, resolved once
 * it prints its address, stopped with SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

// Where the system Chromium is found: test/helpers/machine.ts (re-exported for the UI benchmarks).
export { CHROMIUM_ARGS, findChromium } from './machine';

export interface HostProcess {
  /** Address with the token, as printed. */
  url: string;
  origin: string;
  port: number;
  token: string;
  /** Everything the process printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

const URL_PATTERN = /(http:\/\/127\.0\.0\.1:(\d+))\/\?token=([A-Za-z0-9_-]+)/;

export async function startHostProcess(options: {
  dataDir: string;
  libraryDir: string;
  env?: NodeJS.ProcessEnv;
}): Promise<HostProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(ROOT, 'dist', 'main', 'cli.js'),
      '--data',
      options.dataDir,
      '--library',
      options.libraryDir,
      'serve',
      '--port',
      '0',
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const found = await new Promise<RegExpExecArray>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`browser host did not start:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = URL_PATTERN.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited (${code}) before printing its address:\n${output}`));
    });
  });
  return {
    url: found[0],
    origin: found[1]!,
    port: Number(found[2]),
    token: found[3]!,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
