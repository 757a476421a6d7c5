import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../lib/logger';
import { MediaResolver } from '../core/media/media-resolver';
import { tempDir } from '../../../test/helpers/temp-dir';
import { mediaRefFromUrl, resolveAppFile, serveApp, serveMedia } from './protocols';

/** A built UI next to a secret it must never serve, with links pointing out of it. */
function renderer() {
  const root = tempDir();
  const dir = path.join(root, 'renderer');
  mkdirSync(path.join(dir, 'assets'), { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Préau Studio</title>');
  writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(path.join(root, 'secret.txt'), 'élèves.csv');
  symlinkSync(path.join(root, 'secret.txt'), path.join(dir, 'assets', 'leak.js'));
  symlinkSync(root, path.join(dir, 'up'));
  return { dir, root };
}

describe('app:// path containment', () => {
  it('serves files of the built UI, and index.html for app routes', async () => {
    const { dir } = renderer();
    expect(await resolveAppFile(dir, '/assets/app.js')).toBe(path.join(dir, 'assets', 'app.js'));
    expect(await resolveAppFile(dir, '/')).toBe(path.join(dir, 'index.html'));
    expect(await resolveAppFile(dir, '/jobs/123')).toBe(path.join(dir, 'index.html'));
  });

  it('never leaves the folder through .., encoded dots or absolute paths', async () => {
    const { dir, root } = renderer();
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2Fsecret.txt',
      '/..%5Csecret.txt',
      `/${root}/secret.txt`,
      `//${path.join(root, 'secret.txt')}`,
    ]) {
      const file = await resolveAppFile(dir, p);
      expect(file === null || file.startsWith(dir + path.sep), p).toBe(true);
      expect(file, p).not.toBe(path.join(root, 'secret.txt'));
    }
  });

  it('refuses a symbolic link that points out of the folder', async () => {
    const { dir } = renderer();
    expect(await resolveAppFile(dir, '/assets/leak.js')).toBeNull();
    expect(await resolveAppFile(dir, '/up/secret.txt')).toBeNull();
  });

  it('refuses malformed escapes and NUL bytes', async () => {
    const { dir } = renderer();
    expect(await resolveAppFile(dir, '/%E0%A4%A')).toBeNull();
    expect(await resolveAppFile(dir, '/index.html%00.js')).toBeNull();
  });
});

describe('app:// handler', () => {
  it('sends the UI with the Content-Security-Policy allowing media photos', async () => {
    const { dir } = renderer();
    const res = await serveApp(dir, new Request('app://preau/'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toMatch(/img-src [^;]*preau-media:/);
    expect(await res.text()).toContain('Préau Studio');
  });

  it('answers 404 for a file outside the UI and for another host', async () => {
    const { dir } = renderer();
    expect((await serveApp(dir, new Request('app://preau/assets/leak.js'))).status).toBe(404);
    expect((await serveApp(dir, new Request('app://other/index.html'))).status).toBe(404);
  });

  it('says the UI is not built when index.html is missing', async () => {
    const res = await serveApp(path.join(tempDir(), 'nothing'), new Request('app://preau/'));
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });

  it('is read-only', async () => {
    const { dir } = renderer();
    const res = await serveApp(dir, new Request('app://preau/', { method: 'POST', body: 'x' }));
    expect(res.status).toBe(405);
  });
});

describe('preau-media:// URLs', () => {
  it('maps the media route to its reference', () => {
    expect(mediaRefFromUrl('preau-media://app/media/job_1/thumb/photo-42')).toEqual({
      jobId: 'job_1',
      kind: 'thumb',
      id: 'photo-42',
    });
    expect(mediaRefFromUrl('preau-media://app/media/job_1/original/p1?v=2')).toEqual({
      jobId: 'job_1',
      kind: 'original',
      id: 'p1',
    });
  });

  it('refuses anything else: other host, scheme, kind, shape, paths and credentials', () => {
    for (const url of [
      'preau-media://evil/media/j/thumb/p',
      'preau-media://app:81/media/j/thumb/p',
      'preau-media://x@app/media/j/thumb/p',
      'app://preau/media/j/thumb/p',
      'file:///media/j/thumb/p',
      'preau-media://app/media/j/secret/p',
      'preau-media://app/media/j/thumb',
      'preau-media://app/media/j/thumb/p/extra',
      'preau-media://app/media/j/thumb/..%2F..%2Fetc',
      'preau-media://app/media/j/thumb/%2Fetc%2Fpasswd',
      'preau-media://app/media/../j/thumb/p',
      'preau-media://app/files/j/thumb/p',
      'preau-media://app//home/user/photo.jpg',
      'garbage',
    ]) {
      expect(mediaRefFromUrl(url), url).toBeNull();
    }
  });
});

describe('preau-media:// handler', () => {
  function media(lines: string[] = []) {
    const jobDir = tempDir();
    mkdirSync(path.join(jobDir, 'cache', 'thumb'), { recursive: true });
    writeFileSync(path.join(jobDir, 'cache', 'thumb', 'p1.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xd9]));
    const resolver = new MediaResolver(
      (jobId) => (jobId === 'job1' ? jobDir : undefined),
      createLogger((line) => lines.push(line)),
    );
    resolver.register('thumb', (ref, dir) => ({
      file: path.join(dir, 'cache', 'thumb', `${ref.id}.jpg`),
      contentType: 'image/jpeg',
    }));
    return { resolver, jobDir };
  }

  it('streams the photo the core resolves', async () => {
    const res = await serveMedia(media().resolver, new Request('preau-media://app/media/job1/thumb/p1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-length')).toBe('4');
    expect([...new Uint8Array(await res.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });

  it('answers 404 for an unknown job, kind or photo, and for a malformed URL', async () => {
    const { resolver } = media();
    for (const url of [
      'preau-media://app/media/job2/thumb/p1',
      'preau-media://app/media/job1/preview/p1',
      'preau-media://app/media/job1/thumb/p2',
      'preau-media://app/etc/passwd',
    ]) {
      expect((await serveMedia(resolver, new Request(url))).status, url).toBe(404);
    }
  });

  it('refuses and logs a planted link leading out of the thumbnails folder, serves one inside it', async () => {
    const lines: string[] = [];
    const { resolver, jobDir } = media(lines);
    writeFileSync(path.join(jobDir, 'job.preau.sqlite'), 'SQLite format 3\0 élèves');
    symlinkSync(path.join(jobDir, 'job.preau.sqlite'), path.join(jobDir, 'cache', 'thumb', 'db.jpg'));
    symlinkSync(
      path.join(jobDir, 'cache', 'thumb', 'p1.jpg'),
      path.join(jobDir, 'cache', 'thumb', 'same.jpg'),
    );
    const db = await serveMedia(resolver, new Request('preau-media://app/media/job1/thumb/db'));
    expect(db.status).toBe(404);
    expect(lines.filter((l) => l.includes('media: thumb db refused'))).toHaveLength(1);
    const inside = await serveMedia(resolver, new Request('preau-media://app/media/job1/thumb/same'));
    expect(inside.status).toBe(200);
    expect([...new Uint8Array(await inside.arrayBuffer())]).toEqual([0xff, 0xd8, 0xff, 0xd9]);
  });

  it('refuses a previews folder that is itself a link to another folder', async () => {
    const { resolver, jobDir } = media();
    const elsewhere = tempDir();
    writeFileSync(path.join(elsewhere, 'p9.jpg'), 'not a preview of this job');
    symlinkSync(elsewhere, path.join(jobDir, 'cache', 'preview'));
    resolver.register('preview', (ref, dir) => ({
      file: path.join(dir, 'cache', 'preview', `${ref.id}.jpg`),
      contentType: 'image/jpeg',
    }));
    const res = await serveMedia(resolver, new Request('preau-media://app/media/job1/preview/p9'));
    expect(res.status).toBe(404);
  });

  it('answers 404, not 500, for a photo removed after it was resolved', async () => {
    const { jobDir } = media();
    const gone = new MediaResolver((jobId) => (jobId === 'job1' ? jobDir : undefined));
    gone.register('thumb', () => ({
      file: path.join(jobDir, 'cache', 'thumb', 'p1.jpg'),
      contentType: 'image/jpeg',
    }));
    const resolve = gone.resolve.bind(gone);
    gone.resolve = async (ref) => {
      const found = await resolve(ref);
      rmSync(path.join(jobDir, 'cache', 'thumb', 'p1.jpg'));
      return found;
    };
    expect((await serveMedia(gone, new Request('preau-media://app/media/job1/thumb/p1'))).status).toBe(404);
  });
});
