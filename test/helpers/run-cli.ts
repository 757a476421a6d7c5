/** Runs the `preau` command in-process and captures what it prints, with its exit code. */
import { vi } from 'vitest';
import { main } from '../../src/main/cli/index';

export async function runCli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    return { code: await main(['node', 'preau', ...args]), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
