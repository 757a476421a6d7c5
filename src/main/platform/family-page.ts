/**
 * The families' side of the sandbox: a page asking for the private code printed on the order
 * form, then that one student's photos, their class photo(s) and their order form — nothing else.
 * No listing and no guessing: codes are compared by keyed hash, wrong codes are rate-limited per
 * client address and logged without the code; images are served by ids that mean something only
 * inside the signed, short-lived session cookie set after a correct code. Server-rendered French
 * HTML under a strict CSP, with no script and nothing remote.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../core/logger';
import type { Manifest, MediaType } from '../../shared/publish/protocol';
import { readBody } from './http-util';
import type { BlobStore } from './blob-store';
import type { PlatformRepository } from './platform.repository';
import type { PlatformService } from './platform.service';

export const FAMILY_COOKIE = 'preau_famille';

const FAMILY_CSP = [
  "default-src 'none'",
  "img-src 'self'",
  "style-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const STYLE = `body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h1{font-size:1.5rem}form{display:flex;gap:.5rem;flex-wrap:wrap}input{font-size:1.1rem;padding:.4rem;letter-spacing:.1em}
button{font-size:1.1rem;padding:.4rem 1rem}.erreur{color:#a00}ul.photos{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:1rem}
ul.photos img{max-width:18rem;max-height:18rem;border:1px solid #ccc}footer{margin-top:2rem;font-size:.9rem;color:#555}`;

export interface RateLimitOptions {
  /** Wrong codes allowed per window and per client address. */
  attempts: number;
  windowMs: number;
}

/** Wrong-code attempts per client address over a sliding window. */
export class WrongCodeLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly options: RateLimitOptions) {}

  private recent(client: string, now: number): number[] {
    const kept = (this.failures.get(client) ?? []).filter((t) => now - t < this.options.windowMs);
    if (kept.length) this.failures.set(client, kept);
    else this.failures.delete(client);
    return kept;
  }

  /** Seconds the client must wait before trying again; 0 when it may try now. */
  retryAfter(client: string, now: number): number {
    const recent = this.recent(client, now);
    if (recent.length < this.options.attempts) return 0;
    return Math.ceil((recent[0]! + this.options.windowMs - now) / 1000);
  }

  fail(client: string, now: number): void {
    this.failures.set(client, [...this.recent(client, now), now]);
  }
}

interface Session {
  galleryRef: string;
  studentRef: string;
  expiresAt: number;
}

interface FamilyItem {
  id: string;
  sha256: string;
  mediaType: MediaType;
  kind: 'photo' | 'class' | 'form';
  label: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${escapeHtml(title)}</title><link rel="stylesheet" href="/style.css"></head>
<body>${body}<footer>Aucune obligation d’achat. Ces photos sont privées : ne partagez pas votre code.</footer></body></html>`;
}

function codeForm(message?: string): string {
  return page(
    'Photos scolaires — accès famille',
    `<h1>Photos scolaires</h1>
<p>Saisissez le code d’accès imprimé sur le bon de commande de votre enfant.</p>
${message ? `<p class="erreur" role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" action="/acces"><label for="code">Code d’accès</label>
<input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required maxlength="40">
<button type="submit">Voir les photos</button></form>`,
  );
}

export interface FamilyPageDeps {
  repo: PlatformRepository;
  service: PlatformService;
  store: BlobStore;
  secret: Buffer;
  logger: Logger;
  now: () => Date;
  limiter: WrongCodeLimiter;
  sessionTtlMs: number;
}

export class FamilyPage {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly deps: FamilyPageDeps) {}

  /** Handles a family request; false when the path is not a family route. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const method = req.method ?? 'GET';
    if (method === 'GET' && pathname === '/style.css') {
      this.send(res, 200, STYLE, 'text/css; charset=utf-8');
      return true;
    }
    if (method === 'GET' && pathname === '/') {
      this.send(res, 200, codeForm());
      return true;
    }
    if (method === 'POST' && pathname === '/acces') {
      await this.enter(req, res);
      return true;
    }
    if (method === 'GET' && pathname === '/galerie') {
      this.gallery(req, res);
      return true;
    }
    if (method === 'POST' && pathname === '/sortie') {
      const id = this.sessionId(req);
      if (id) this.sessions.delete(id);
      res.writeHead(303, {
        location: '/',
        'set-cookie': `${FAMILY_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict`,
      });
      res.end();
      return true;
    }
    const file = /^\/fichier\/([A-Za-z0-9_-]{1,64})$/.exec(pathname);
    if (method === 'GET' && file) {
      this.file(req, res, file[1]!);
      return true;
    }
    return false;
  }

  private send(
    res: ServerResponse,
    status: number,
    body: string,
    type = 'text/html; charset=utf-8',
    extra: Record<string, string | number> = {},
  ): void {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'content-security-policy': FAMILY_CSP,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      ...extra,
    });
    res.end(body);
  }

  private async enter(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const client = req.socket.remoteAddress ?? 'inconnu';
    const now = this.deps.now().getTime();
    const wait = this.deps.limiter.retryAfter(client, now);
    if (wait > 0) {
      req.resume();
      this.deps.logger.warn('family page: access code attempt refused, too many wrong codes', { client });
      this.send(res, 429, codeForm(`Trop de codes erronés. Réessayez dans ${wait} secondes.`), undefined, {
        'retry-after': wait,
      });
      return;
    }
    const raw = (await readBody(req, { limit: 4096 })).toString('utf8');
    const code = new URLSearchParams(raw).get('code') ?? '';
    await this.deps.service.enforceRetention();
    const hash = this.deps.service.codeHash(code);
    const access = code.trim() ? this.deps.repo.findAccess(hash) : undefined;
    if (!access) {
      this.deps.limiter.fail(client, now);
      // The attempt is identified by a short prefix of its keyed hash, never by the code itself.
      this.deps.logger.warn('family page: wrong access code', { client, attempt: hash.slice(0, 8) });
      this.send(res, 401, codeForm('Code inconnu. Vérifiez le code imprimé sur le bon de commande.'));
      return;
    }
    if (this.deps.service.galleryResponse(access.galleryRef).state !== 'open') {
      this.send(
        res,
        410,
        page(
          'Galerie fermée',
          '<h1>Galerie fermée</h1><p>La période de consultation de cette galerie est terminée.</p>',
        ),
      );
      return;
    }
    for (const [old, s] of this.sessions) if (s.expiresAt < now) this.sessions.delete(old);
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, {
      galleryRef: access.galleryRef,
      studentRef: access.studentRef,
      expiresAt: now + this.deps.sessionTtlMs,
    });
    res.writeHead(303, {
      location: '/galerie',
      'set-cookie': `${FAMILY_COOKIE}=${id}.${this.sign(id)}; Path=/; Max-Age=${Math.floor(this.deps.sessionTtlMs / 1000)}; HttpOnly; SameSite=Strict`,
      'cache-control': 'no-store',
    });
    res.end();
  }

  private sign(value: string): string {
    return createHmac('sha256', this.deps.secret).update(`session:${value}`).digest('base64url');
  }

  private sessionId(req: IncomingMessage): string | undefined {
    const cookie = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${FAMILY_COOKIE}=`));
    const value = cookie?.slice(FAMILY_COOKIE.length + 1) ?? '';
    const [id, sig] = value.split('.');
    if (!id || !sig) return undefined;
    const expected = Buffer.from(this.sign(id));
    const given = Buffer.from(sig);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
    return id;
  }

  private session(req: IncomingMessage): { id: string; session: Session } | undefined {
    const id = this.sessionId(req);
    const session = id ? this.sessions.get(id) : undefined;
    if (!id || !session) return undefined;
    if (session.expiresAt < this.deps.now().getTime()) {
      this.sessions.delete(id);
      return undefined;
    }
    return { id, session };
  }

  /** What the session may see, from the manifest live now (a withdrawn student sees nothing). */
  private items(
    id: string,
    s: Session,
  ): { items: FamilyItem[]; displayName?: string | undefined; classLabel: string } | undefined {
    const live = this.deps.repo.liveManifest(s.galleryRef);
    if (!live) return undefined;
    const m = JSON.parse(live.body) as Manifest;
    const student = m.students.find((x) => x.studentRef === s.studentRef);
    if (!student) return undefined;
    const media = new Map(m.files.map((f) => [f.sha256, f.mediaType]));
    const opaque = (sha: string) =>
      createHmac('sha256', this.deps.secret).update(`${id}:${sha}`).digest('base64url').slice(0, 32);
    const items: FamilyItem[] = [];
    const add = (sha: string, kind: FamilyItem['kind'], label: string) => {
      const mediaType = media.get(sha);
      if (mediaType && !items.some((i) => i.sha256 === sha))
        items.push({ id: opaque(sha), sha256: sha, mediaType, kind, label });
    };
    student.photos.forEach((p, i) => add(p.sha256, 'photo', `Pose ${p.pose ?? i + 1}`));
    const cls = m.classes.find((c) => c.classRef === student.classRef);
    // Every class photo listing them: siblings sharing a gallery may be in different classes.
    for (const c of m.classes)
      c.classPhotos
        .filter((p) => p.studentRefs.includes(student.studentRef))
        .forEach((p) => add(p.sha256, 'class', 'Photo de classe'));
    if (student.orderFormSha256) add(student.orderFormSha256, 'form', 'Bon de commande (PDF)');
    return { items, displayName: student.displayName, classLabel: cls?.label ?? '' };
  }

  private gallery(req: IncomingMessage, res: ServerResponse): void {
    const found = this.session(req);
    if (!found) {
      res.writeHead(303, { location: '/', 'cache-control': 'no-store' });
      res.end();
      return;
    }
    if (this.deps.service.galleryResponse(found.session.galleryRef).state !== 'open') {
      this.send(
        res,
        410,
        page(
          'Galerie fermée',
          '<h1>Galerie fermée</h1><p>La période de consultation de cette galerie est terminée.</p>',
        ),
      );
      return;
    }
    const view = this.items(found.id, found.session);
    if (!view) {
      this.send(res, 404, codeForm('Ces photos ne sont plus disponibles.'));
      return;
    }
    const images = view.items.filter((i) => i.kind !== 'form');
    const form = view.items.find((i) => i.kind === 'form');
    const li = images
      .map(
        (i) =>
          `<li data-kind="${i.kind}"><figure><img src="/fichier/${i.id}" alt="${escapeHtml(i.label)}"><figcaption>${escapeHtml(i.label)}</figcaption></figure></li>`,
      )
      .join('');
    this.send(
      res,
      200,
      page(
        'Vos photos scolaires',
        `<h1>Photos de ${escapeHtml(view.displayName ?? 'votre enfant')}${view.classLabel ? ` — ${escapeHtml(view.classLabel)}` : ''}</h1>
<ul class="photos">${li}</ul>
${form ? `<p><a href="/fichier/${form.id}">Télécharger le bon de commande (PDF)</a></p>` : ''}
<form method="post" action="/sortie"><button type="submit">Quitter</button></form>`,
      ),
    );
  }

  private file(req: IncomingMessage, res: ServerResponse, fileId: string): void {
    const found = this.session(req);
    const view =
      found && this.deps.service.galleryResponse(found.session.galleryRef).state === 'open'
        ? this.items(found.id, found.session)
        : undefined;
    const item = view?.items.find((i) => i.id === fileId);
    if (!item) {
      this.send(res, 404, page('Introuvable', '<h1>Introuvable</h1>'));
      return;
    }
    res.writeHead(200, {
      'content-type': item.mediaType,
      'cache-control': 'private, no-store',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'",
      ...(item.kind === 'form'
        ? { 'content-disposition': 'attachment; filename="bon-de-commande.pdf"' }
        : {}),
    });
    createReadStream(this.deps.store.pathOf(item.sha256))
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
