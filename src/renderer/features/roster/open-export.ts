/**
 * Opens a file the core just wrote into the job's `exports/` (a consent sheet): with the system's
 * viewer where the host has one (Electron), else as a link to the host's exports route.
 */
import { rpc } from '../../rpc/client';

export async function openExport(
  jobId: string,
  file: string,
): Promise<{ name: string; href: string | null }> {
  const name = file.split(/[/\\]/).pop() ?? file;
  const opened = await rpc.call('fs.openExport', { jobId, path: file });
  return {
    name,
    href: opened.supported ? null : `/exports/${encodeURIComponent(jobId)}/${encodeURIComponent(name)}`,
  };
}
