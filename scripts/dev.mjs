// `npm run dev`: the UI with hot reload. Builds the Node side once, starts the real browser host on a
// dev data folder (.cache/dev), and serves the renderer from Vite with `/rpc` (WebSocket) and `/media`
// proxied to the host. The proxy adds the host's token and rewrites Host/Origin so the host's guard
// accepts it; the browser never sees the token. Changes under src/main need a restart.
import { spawn } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { createServer } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
const devDir = process.env.PREAU_DEV_DIR ?? path.join(root, '.cache', 'dev');
mkdirSync(path.join(devDir, 'library'), { recursive: true });

await new Promise((resolve, reject) => {
  const build = spawn(process.execPath, ['scripts/build.mjs', '--node'], { cwd: root, stdio: 'inherit' });
  build.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`build failed (${code})`))));
});

const host = spawn(
  process.execPath,
  [
    'dist/main/cli.js',
    '--data',
    path.join(devDir, 'data'),
    '--library',
    path.join(devDir, 'library'),
    'serve',
    '--port',
    '0',
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
);

const { origin, token } = await new Promise((resolve, reject) => {
  let output = '';
  host.stdout.on('data', (chunk) => {
    output += chunk.toString('utf8');
    const match = /(http:\/\/127\.0\.0\.1:\d+)\/\?token=([A-Za-z0-9_-]+)/.exec(output);
    if (match) resolve({ origin: match[1], token: match[2] });
  });
  host.once('exit', (code) => reject(new Error(`browser host exited (${code}):\n${output}`)));
});

const toHost = {
  target: origin,
  changeOrigin: true,
  // The host only accepts its own origin (or none): requests proxied from Vite's origin take the host's.
  headers: { Authorization: `Bearer ${token}`, Origin: origin },
};
const vite = await createServer({
  configFile: path.join(root, 'vite.config.ts'),
  server: {
    // node_modules may be a symlink to a shared install: Vite serves files by their real path.
    fs: { allow: [root, realpathSync(path.join(root, 'node_modules'))] },
    proxy: {
      // Only the endpoint itself: the renderer has its own `rpc/` source folder.
      '^/rpc$': { ...toHost, ws: true, rewriteWsOrigin: true },
      '/media': toHost,
    },
  },
});
await vite.listen();
const address = vite.resolvedUrls?.local[0] ?? `http://127.0.0.1:${vite.config.server.port}/`;
console.log(`\nPréau Studio (développement) : ${address}`);
console.log(`Hôte du studio : ${origin} — données dans ${devDir}\n`);

// The host goes down with this script, whatever stops it.
process.once('exit', () => host.kill('SIGTERM'));
const stop = () => {
  host.kill('SIGTERM');
  void vite.close().finally(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
host.once('exit', stop);
