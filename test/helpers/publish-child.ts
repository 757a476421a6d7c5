/**
 * A publishing process of its own, for kill tests: publishes a school described in a JSON file with
 * the upload engine's default settings, printing one JSON line per progress report and a last line
 * with the result. Bundled by the test (esbuild) and run with plain Node, so a SIGKILL takes down a
 * real process in the middle of its uploads, as a crash or a closed laptop would.
 */
import { readFileSync } from 'node:fs';
import { PlatformClient } from '../../src/main/core/publish/platform-client';
import { UploadEngine, type PublishInput } from '../../src/main/core/publish/upload-engine';

interface ChildJob {
  url: string;
  token: string;
  input: Omit<PublishInput, 'localPaths'> & { localPaths: [string, string][] };
}

const job = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as ChildJob;
const line = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const client = new PlatformClient({ baseUrl: job.url, token: job.token });
try {
  const result = await new UploadEngine(client).publish(
    { ...job.input, localPaths: new Map(job.input.localPaths) },
    { onProgress: (p) => line({ ev: 'progress', ...p }) },
  );
  line({ ev: 'done', version: result.version, filesSent: result.filesSent, bytesSent: result.bytesSent });
} catch (error) {
  line({ ev: 'failed', message: (error as Error).message });
  process.exitCode = 1;
} finally {
  client.destroy();
}
