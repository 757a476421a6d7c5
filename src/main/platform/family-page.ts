/**
 * The families' side of the sandbox: a page asking for the private code printed on the order
 * form, then that one student's photos, their class photo(s) and their order form — nothing else.
 * No listing and no guessing: codes are compared by keyed hash; a code that cannot be one (a typo
 * the check character catches) is explained without being looked up; wrong codes are limited per
 * browser and per network (see family-guard.ts) and logged without the code; a code a publish or a
 * removal took offline says so kindly, with whom to ask. Images are served by ids that mean
 * something only inside the signed, short-lived session cookie set after a correct code. Every
 * response — pages, files, redirects, errors — carries the security headers; cookies are `Secure`
 * when the page is served over HTTPS (directly, or by a proxy the sandbox was told to trust).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { CODE_ALPHABET, CODE_LENGTH, checkCode, normalizeCode } from '../../shared/domain/access-code';
import {
  accessCodeSchema,
  type Manifest,
  type MediaType,
  type OfferedProduct,
} from '../../shared/publish/protocol';
import type { Logger } from '../lib/logger';
import type { BlobStore } from './blob-store';
import { addressKey, ExpiringMap, type CodeAttemptGuard } from './family-guard';
import {
  closedPage,
  codeFormPage,
  contactHtml,
  FAMILY_STYLE,
  frenchWait,
  galleryPage,
  messagePage,
  notOnlinePage,
  orderRecapPage,
  orderSection,
  type GalleryItemView,
} from './family-views';
import { ConnectionDropped, PlatformError, readBody } from './http-util';
import type { PlatformRepository } from './platform.repository';
import { isoDay, type PlatformService } from './platform.service';

export const FAMILY_COOKIE = 'preau_famille';
/** A random id telling this browser's wrong codes from its neighbours' (no other use, 1 day). */
export const BROWSER_COOKIE = 'preau_navigateur';
const BROWSER_COOKIE_MAX_AGE_S = 24 * 60 * 60;
/** How long the form's token identifies a browser without cookies. */
const FORM_TOKEN_MS = 2 * 60 * 60_000;
/** A code's body that has not arrived by then frees its reserved attempt. */
const BODY_TIMEOUT_MS = 15_000;
/** Sessions open at once per gallery (phones, tablets, a grandparent's computer); the oldest goes. */
const MAX_SESSIONS_PER_GALLERY = 10;

const PAGE_CSP = [
  "default-src 'none'",
  "img-src 'self'",
  "style-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
/** Files are shown by the page, never as documents of their own that could run anything. */
const FILE_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox";

/** Sent with every response of the family page: pages, files and redirects alike. */
export function familySecurityHeaders(secure: boolean, csp = PAGE_CSP): Record<string, string> {
  return {
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    'x-robots-tag': 'noindex, nofollow',
    ...(secure ? { 'strict-transport-security': 'max-age=31536000' } : {}),
  };
}

interface Session {
  galleryRef: string;
  studentRef: string;
}

interface FamilyItem extends GalleryItemView {
  sha256: string;
  mediaType: MediaType;
}

/** Where a request comes from, as far as the sandbox can trust it. */
interface RequestContext {
  address: string;
  secure: boolean;
}

/** A typed code, read the way the order form prints it. */
type CodeShape = { kind: 'code'; code: string } | { kind: 'malformed'; message: string; hint: string };

const CHECK_HINT = 'Comparez chaque caractère avec le code imprimé sur le bon de commande.';
const studioChars = new Set(CODE_ALPHABET);

/**
 * What a typed code is before any lookup. A code of the studio's length is checked with its check
 * character: a typo is said at once and is no guess (nothing is looked up). A code of nearly that
 * length in the studio's alphabet is a code with a character missing or extra. Anything else the
 * protocol accepts (8–40 letters, digits, spaces, dashes) is looked up as it is.
 */
export function codeShape(typed: string): CodeShape {
  const trimmed = typed.trim();
  if (!trimmed)
    return {
      kind: 'malformed',
      message: 'Saisissez le code imprimé sur le bon de commande.',
      hint: CHECK_HINT,
    };
  const studio = normalizeCode(trimmed);
  if (studio.length === CODE_LENGTH) {
    const check = checkCode(trimmed);
    if (check.ok) return { kind: 'code', code: check.code };
    if (check.problem === 'character')
      return {
        kind: 'malformed',
        message:
          'Ce code contient un caractère qui n’est jamais utilisé : les codes n’ont ni 0 ni 1, ni les lettres I, L ou O.',
        hint: CHECK_HINT,
      };
    return {
      kind: 'malformed',
      message:
        'Ce code contient une faute de frappe : un caractère ne correspond pas, ou deux sont inversés.',
      hint: CHECK_HINT,
    };
  }
  const nearStudio =
    Math.abs(studio.length - CODE_LENGTH) <= 3 && [...studio].every((c) => studioChars.has(c));
  if (nearStudio)
    return {
      kind: 'malformed',
      message: `Ce code a ${studio.length} caractères au lieu de 15 : il en manque ou il y en a en trop.`,
      hint: CHECK_HINT,
    };
  if (accessCodeSchema.safeParse(trimmed).success) return { kind: 'code', code: trimmed };
  return {
    kind: 'malformed',
    message:
      'Ce texte n’est pas un code d’accès : un code a 15 lettres et chiffres, par exemple K7M3Q-XB9TN-4HRW2.',
    hint: CHECK_HINT,
  };
}

export interface FamilyPageDeps {
  repo: PlatformRepository;
  service: PlatformService;
  store: BlobStore;
  secret: Buffer;
  logger: Logger;
  now: () => Date;
  guard: CodeAttemptGuard;
  sessionTtlMs: number;
  /**
   * Addresses of reverse proxies whose `X-Forwarded-For` and `X-Forwarded-Proto` are believed (a
   * TLS proxy in front of the sandbox). Empty by default: forwarding headers are then ignored.
   */
  trustedProxies?: readonly string[];
}

const stripMapped = (a: string) => a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

export class FamilyPage {
  private readonly sessions: ExpiringMap<Session>;
  /** Session ids of each gallery, oldest first: however often one code is entered, few stay open. */
  private readonly sessionsOf = new Map<string, string[]>();
  private readonly trustedProxies: ReadonlySet<string>;

  constructor(private readonly deps: FamilyPageDeps) {
    this.sessions = new ExpiringMap<Session>(deps.sessionTtlMs);
    this.trustedProxies = new Set((deps.trustedProxies ?? []).map(stripMapped));
  }

  /** Sessions open now (for tests). */
  get sessionCount(): number {
    return this.sessions.size;
  }

  /** Handles every request that is not an API call; true once answered. */
  async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    const ctx = this.context(req);
    try {
      await this.route(req, res, pathname, ctx);
    } catch (error) {
      if (error instanceof ConnectionDropped) throw error;
      if (!req.complete) req.resume();
      if (res.headersSent) {
        res.destroy();
        return true;
      }
      if (error instanceof PlatformError && error.code === 'payload_too_large') {
        this.send(
          res,
          ctx,
          413,
          messagePage(
            'Saisie trop longue',
            'Saisie trop longue',
            'Le formulaire envoyé est trop long. Saisissez seulement le code imprimé sur le bon de commande.',
          ),
        );
        return true;
      }
      this.deps.logger.error('family page: request failed', error);
      this.send(
        res,
        ctx,
        500,
        messagePage(
          'Erreur',
          'Page momentanément indisponible',
          'Une erreur est survenue de notre côté. Réessayez dans quelques instants.',
        ),
      );
    }
    return true;
  }

  private async route(req: IncomingMessage, res: ServerResponse, pathname: string, ctx: RequestContext) {
    const method = req.method ?? 'GET';
    const read = method === 'GET' || method === 'HEAD';
    const file = /^\/fichier\/([A-Za-z0-9_-]{1,64})$/.exec(pathname);
    const allowed: Record<string, string> = {
      '/style.css': 'GET, HEAD',
      // Browsers ask for it on their own: an empty answer rather than a « page introuvable ».
      '/favicon.ico': 'GET, HEAD',
      '/': 'GET, HEAD',
      '/acces': 'POST',
      '/galerie': 'GET, HEAD',
      '/sortie': 'POST',
      '/commande': 'POST',
    };
    const allow = file ? 'GET, HEAD' : allowed[pathname];
    if (!allow) {
      req.resume();
      this.send(
        res,
        ctx,
        404,
        messagePage(
          'Introuvable',
          'Page introuvable',
          'Cette adresse ne mène à aucune page. Revenez à l’accueil pour saisir votre code.',
        ),
      );
      return;
    }
    if (!allow.split(', ').includes(method)) {
      req.resume();
      this.send(
        res,
        ctx,
        405,
        messagePage('Action impossible', 'Action impossible', 'Cette page ne permet pas cette action.'),
        undefined,
        { allow },
      );
      return;
    }
    if (pathname === '/style.css') this.send(res, ctx, 200, FAMILY_STYLE, 'text/css; charset=utf-8');
    else if (pathname === '/favicon.ico') this.send(res, ctx, 204, '', 'image/x-icon');
    else if (pathname === '/') this.home(req, res, ctx);
    else if (pathname === '/acces') await this.enter(req, res, ctx);
    else if (pathname === '/galerie') this.gallery(req, res, ctx);
    else if (pathname === '/sortie') this.leave(req, res, ctx);
    else if (pathname === '/commande') await this.order(req, res, ctx);
    else if (file && read) this.file(req, res, ctx, file[1]!);
  }

  /** The client's address (its network, for IPv6) and whether the page reached it over HTTPS. */
  private context(req: IncomingMessage): RequestContext {
    const remote = stripMapped(req.socket.remoteAddress ?? '');
    let address = remote;
    let secure = Boolean((req.socket as Partial<TLSSocket>).encrypted);
    if (this.trustedProxies.has(remote)) {
      const hops = String(req.headers['x-forwarded-for'] ?? '')
        .split(',')
        .map((h) => stripMapped(h.trim()))
        .filter(Boolean);
      // The closest hop not one of our proxies: what a client writes further left is not believed.
      const client = [...hops].reverse().find((h) => !this.trustedProxies.has(h));
      if (client) address = client;
      const proto = String(req.headers['x-forwarded-proto'] ?? '')
        .split(',')
        .map((p) => p.trim().toLowerCase())
        .at(-1);
      if (proto === 'https') secure = true;
    }
    return { address: addressKey(address), secure };
  }

  private send(
    res: ServerResponse,
    ctx: RequestContext,
    status: number,
    body: string,
    type = 'text/html; charset=utf-8',
    extra: Record<string, string | number | string[]> = {},
  ): void {
    res.writeHead(status, {
      'content-type': type,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      ...familySecurityHeaders(ctx.secure),
      ...extra,
    });
    res.end(body);
  }

  private redirect(res: ServerResponse, ctx: RequestContext, location: string, cookies: string[] = []): void {
    res.writeHead(303, {
      location,
      'cache-control': 'no-store',
      'content-length': 0,
      ...familySecurityHeaders(ctx.secure),
      ...(cookies.length > 0 ? { 'set-cookie': cookies } : {}),
    });
    res.end();
  }

  private cookieAttributes(ctx: RequestContext, maxAgeS: number): string {
    return `Path=/; Max-Age=${maxAgeS}; HttpOnly; SameSite=Strict${ctx.secure ? '; Secure' : ''}`;
  }

  private sign(value: string): string {
    return createHmac('sha256', this.deps.secret).update(value).digest('base64url');
  }

  /** Checks a signature made by `sign`, or its first `length` characters (form tokens are short). */
  private verify(value: string, signature: string | undefined, length = 43): boolean {
    if (!signature) return false;
    const expected = Buffer.from(this.sign(value).slice(0, length));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private cookie(req: IncomingMessage, name: string): string | undefined {
    const found = (req.headers.cookie ?? '')
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${name}=`));
    return found?.slice(name.length + 1);
  }

  /** The browser's own id, from its signed cookie. */
  private browserId(req: IncomingMessage): string | undefined {
    const [id, sig] = (this.cookie(req, BROWSER_COOKIE) ?? '').split('.');
    return id && this.verify(`browser:${id}`, sig) ? id : undefined;
  }

  /** A form token: a browser id for a browser without cookies, bound to its network, for two hours. */
  private formToken(ctx: RequestContext, now: number, id = randomBytes(12).toString('base64url')): string {
    const t = Math.floor(now / 1000).toString(36);
    return `${id}.${t}.${this.sign(`form:${id}:${t}:${ctx.address}`).slice(0, 22)}`;
  }

  private formTokenId(token: string | null, ctx: RequestContext, now: number): string | undefined {
    const [id, t, sig] = (token ?? '').split('.');
    if (!id || !t || !this.verify(`form:${id}:${t}:${ctx.address}`, sig, 22)) return undefined;
    const age = now - parseInt(t, 36) * 1000;
    return age >= -60_000 && age < FORM_TOKEN_MS ? id : undefined;
  }

  private home(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): void {
    const now = this.deps.now().getTime();
    const cookies: string[] = [];
    if (!this.browserId(req)) {
      const id = randomBytes(16).toString('base64url');
      cookies.push(
        `${BROWSER_COOKIE}=${id}.${this.sign(`browser:${id}`)}; ${this.cookieAttributes(ctx, BROWSER_COOKIE_MAX_AGE_S)}`,
      );
    }
    this.send(
      res,
      ctx,
      200,
      codeFormPage({ action: `/acces?n=${this.formToken(ctx, now)}` }),
      undefined,
      cookies.length ? { 'set-cookie': cookies } : {},
    );
  }

  private async readForm(req: IncomingMessage): Promise<string> {
    const timer = setTimeout(() => req.destroy(), BODY_TIMEOUT_MS);
    try {
      return (await readBody(req, { limit: 4096 })).toString('utf8');
    } catch (error) {
      if (error instanceof PlatformError) throw error;
      throw new ConnectionDropped('family page: the form never arrived');
    } finally {
      clearTimeout(timer);
    }
  }

  private async enter(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const now = this.deps.now().getTime();
    const url = new URL(req.url ?? '/', 'http://famille.invalid');
    const given = url.searchParams.get('n');
    const cookieId = this.browserId(req);
    const tokenId = this.formTokenId(given, ctx, now);
    // A browser without cookies is known by its form's token; one with neither by its network alone.
    const browser = cookieId ? `b:${cookieId}` : tokenId ? `t:${tokenId}` : `a:${ctx.address}`;
    const action = `/acces?n=${tokenId && given ? given : this.formToken(ctx, now)}`;

    // The attempt is reserved before its body is read: the limit holds for requests arriving at once.
    const reservation = this.deps.guard.reserve({ browser, address: ctx.address }, now);
    if (!reservation.ok) {
      req.resume();
      const wait = Math.ceil(reservation.waitMs / 1000);
      this.deps.logger.warn('family page: access code attempt refused, too many wrong codes', {
        client: ctx.address,
        scope: reservation.scope,
      });
      this.send(
        res,
        ctx,
        429,
        codeFormPage({
          action,
          error:
            reservation.scope === 'browser'
              ? `Trop de codes erronés sur cet appareil. Réessayez dans ${frenchWait(reservation.waitMs)}.`
              : `Trop de codes erronés ont été saisis depuis votre réseau (école, entreprise ou opérateur mobile). Par sécurité, réessayez dans ${frenchWait(reservation.waitMs)}.`,
          hint: 'En attendant, vérifiez le code imprimé sur le bon de commande : il n’a ni 0 ni 1, ni les lettres I, L ou O.',
        }),
        undefined,
        { 'retry-after': wait },
      );
      return;
    }
    const attempt = reservation.attempt;
    try {
      const typed = new URLSearchParams(await this.readForm(req)).get('code') ?? '';
      const shape = codeShape(typed);
      if (shape.kind === 'malformed') {
        attempt.release();
        this.send(
          res,
          ctx,
          400,
          codeFormPage({ action, error: shape.message, hint: shape.hint, value: typed.slice(0, 40) }),
        );
        return;
      }
      await this.deps.service.enforceRetention();
      const hash = this.deps.service.codeHash(shape.code);
      const access = this.deps.repo.findAccess(hash);
      if (access) {
        attempt.opened(now);
        if (this.deps.service.galleryResponse(access.galleryRef).state !== 'open') {
          this.send(res, ctx, 410, this.closed(access.galleryRef));
          return;
        }
        const id = this.openSession(access.galleryRef, access.studentRef, now);
        this.redirect(res, ctx, '/galerie', [
          `${FAMILY_COOKIE}=${id}.${this.sign(`session:${id}`)}; ${this.cookieAttributes(ctx, Math.floor(this.deps.sessionTtlMs / 1000))}`,
        ]);
        return;
      }
      const retired = this.deps.repo.findRetired(hash);
      if (retired) {
        // A real code whose photos went offline: no guess, and the family is told whom to ask.
        attempt.release();
        this.deps.logger.info('family page: code of a gallery no longer online', {
          galleryRef: retired.galleryRef,
          reason: retired.reason,
        });
        this.send(res, ctx, 410, this.notOnline(retired.galleryRef, retired.reason));
        return;
      }
      attempt.wrong(now);
      // The attempt is identified by a short prefix of its keyed hash, never by the code itself.
      this.deps.logger.warn('family page: wrong access code', {
        client: ctx.address,
        attempt: hash.slice(0, 8),
      });
      this.send(
        res,
        ctx,
        401,
        codeFormPage({
          action,
          error: 'Code inconnu. Vérifiez le code imprimé sur le bon de commande.',
          hint: 'Si vous n’avez pas autorisé la diffusion en ligne des photos de votre enfant, aucune galerie n’est ouverte pour lui.',
        }),
      );
    } finally {
      // Whatever went wrong before an answer (a body that never came), it was no guess.
      attempt.release();
    }
  }

  private openSession(galleryRef: string, studentRef: string, now: number): string {
    const id = randomBytes(24).toString('base64url');
    this.sessions.set(id, { galleryRef, studentRef }, now);
    const key = `${galleryRef}/${studentRef}`;
    const open = (this.sessionsOf.get(key) ?? []).filter((s) => this.sessions.get(s, now) !== undefined);
    open.push(id);
    while (open.length > MAX_SESSIONS_PER_GALLERY) this.sessions.delete(open.shift()!);
    this.sessionsOf.set(key, open);
    return id;
  }

  private school(galleryRef: string): { name: string; contact: string } {
    const g = this.deps.repo.getGallery(galleryRef);
    const name = g ? [g.schoolName, g.town].filter(Boolean).join(', ') : 'l’école';
    return { name, contact: contactHtml(g?.contact ?? null, name) };
  }

  private closed(galleryRef: string): string {
    const live = this.deps.repo.liveManifest(galleryRef);
    return closedPage({ closeDate: live?.closeDate, contact: this.school(galleryRef).contact });
  }

  private notOnline(galleryRef: string, reason: 'withdrawn' | 'replaced'): string {
    const s = this.school(galleryRef);
    return notOnlinePage({ reason, school: s.name, contact: s.contact });
  }

  private sessionId(req: IncomingMessage): string | undefined {
    const [id, sig] = (this.cookie(req, FAMILY_COOKIE) ?? '').split('.');
    return id && this.verify(`session:${id}`, sig) ? id : undefined;
  }

  private session(req: IncomingMessage): { id: string; session: Session } | undefined {
    const id = this.sessionId(req);
    const session = id ? this.sessions.get(id, this.deps.now().getTime()) : undefined;
    return id && session ? { id, session } : undefined;
  }

  private leave(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): void {
    req.resume();
    const id = this.sessionId(req);
    if (id) this.sessions.delete(id);
    this.redirect(res, ctx, '/', [`${FAMILY_COOKIE}=; ${this.cookieAttributes(ctx, 0)}`]);
  }

  /** What the session may see, from the manifest live now (a withdrawn student sees nothing). */
  private items(
    id: string,
    s: Session,
  ):
    | {
        items: FamilyItem[];
        displayName?: string | undefined;
        classLabel: string;
        closeDate: string;
        products: OfferedProduct[];
        poses: number[];
        orderDeadline: string | undefined;
      }
    | undefined {
    const live = this.deps.repo.liveManifest(s.galleryRef);
    if (!live) return undefined;
    const m = JSON.parse(live.body) as Manifest;
    const student = m.students.find((x) => x.studentRef === s.studentRef);
    if (!student) return undefined;
    const media = new Map(m.files.map((f) => [f.sha256, f.mediaType]));
    const opaque = (sha: string) =>
      createHmac('sha256', this.deps.secret).update(`${id}:${sha}`).digest('base64url').slice(0, 32);
    const items: FamilyItem[] = [];
    const add = (sha: string, kind: FamilyItem['kind'], label: string, alt: string) => {
      const mediaType = media.get(sha);
      if (mediaType && !items.some((i) => i.sha256 === sha))
        items.push({ id: opaque(sha), sha256: sha, mediaType, kind, label, alt });
    };
    student.photos.forEach((p, i) => {
      const pose = p.pose ?? i + 1;
      add(p.sha256, 'photo', `Pose ${pose}`, `Photo individuelle, pose ${pose}`);
    });
    const cls = m.classes.find((c) => c.classRef === student.classRef);
    // Every class photo listing them: siblings sharing a gallery may be in different classes.
    for (const c of m.classes)
      c.classPhotos
        .filter((p) => p.studentRefs.includes(student.studentRef))
        .forEach((p) =>
          add(p.sha256, 'class', `Photo de classe — ${c.label}`, `Photo de classe, ${c.label}`),
        );
    if (student.orderFormSha256)
      add(student.orderFormSha256, 'form', 'Bon de commande (PDF)', 'Bon de commande');
    return {
      items,
      displayName: student.displayName,
      classLabel: cls?.label ?? '',
      closeDate: m.retention.closeDate,
      products: student.products ?? [],
      poses: student.photos.map((p, i) => p.pose ?? i + 1),
      orderDeadline: m.orderDeadline,
    };
  }

  private gallery(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): void {
    const found = this.session(req);
    if (!found) {
      this.redirect(res, ctx, '/');
      return;
    }
    const { galleryRef } = found.session;
    if (this.deps.service.galleryResponse(galleryRef).state !== 'open') {
      this.send(res, ctx, 410, this.closed(galleryRef));
      return;
    }
    const view = this.items(found.id, found.session);
    if (!view) {
      this.send(res, ctx, 410, this.notOnline(galleryRef, 'withdrawn'));
      return;
    }
    const placed = new URL(req.url ?? '/', 'http://famille.invalid').searchParams.get('commande') === 'ok';
    this.sendGallery(res, ctx, 200, found.id, found.session, view, placed ? { placed: true } : {});
  }

  private sendGallery(
    res: ServerResponse,
    ctx: RequestContext,
    status: number,
    id: string,
    session: Session,
    view: NonNullable<ReturnType<FamilyPage['items']>>,
    notice: { placed?: boolean; error?: string },
  ): void {
    const byRef = new Map(view.products.map((p) => [p.ref, p]));
    const order =
      view.products.length > 0 && view.orderDeadline
        ? orderSection({
            action: '/commande',
            csrf: this.orderToken(id),
            deadline: view.orderDeadline,
            open: isoDay(this.deps.now()) <= view.orderDeadline,
            products: view.products,
            poses: view.poses,
            ...notice,
            orders: this.deps.service.familyOrders(session.galleryRef, session.studentRef).map((o) => ({
              number: o.orderId,
              placedAt: o.placedAt,
              totalCents: o.totalCents,
              status: o.paymentStatus,
              lines: o.lines.map((l) => ({
                label: byRef.get(l.ref)?.label ?? l.ref,
                pose: l.pose,
                quantity: l.quantity,
                totalCents: l.totalCents,
              })),
            })),
          })
        : undefined;
    this.send(
      res,
      ctx,
      status,
      galleryPage({
        greeting: view.displayName ?? 'votre enfant',
        classLabel: view.classLabel,
        school: this.school(session.galleryRef).name,
        closeDate: view.closeDate,
        items: view.items,
        ...(order ? { order } : {}),
      }),
    );
  }

  /** The order form's token: bound to the session, so another site cannot post an order. */
  private orderToken(sessionId: string): string {
    return this.sign(`order:${sessionId}`).slice(0, 22);
  }

  /**
   * POST /commande: `etape=recap` shows the lines and the total to confirm; `etape=payer` places
   * the order with a simulated payment. Only the session's own gallery entry can order; every
   * product, pose and quantity is checked against what the live manifest offers it.
   */
  private async order(req: IncomingMessage, res: ServerResponse, ctx: RequestContext): Promise<void> {
    const found = this.session(req);
    if (!found) {
      req.resume();
      this.redirect(res, ctx, '/');
      return;
    }
    const form = new URLSearchParams(await this.readForm(req));
    if (!this.verify(`order:${found.id}`, form.get('csrf') ?? undefined, 22)) {
      this.send(
        res,
        ctx,
        403,
        messagePage(
          'Action refusée',
          'Commande refusée',
          'Ce formulaire a expiré. Revenez à la galerie et recommencez votre commande.',
        ),
      );
      return;
    }
    const { galleryRef, studentRef } = found.session;
    if (this.deps.service.galleryResponse(galleryRef).state !== 'open') {
      this.send(res, ctx, 410, this.closed(galleryRef));
      return;
    }
    const view = this.items(found.id, found.session);
    if (!view) {
      this.send(res, ctx, 410, this.notOnline(galleryRef, 'withdrawn'));
      return;
    }
    const fail = (status: number, error: string) =>
      this.sendGallery(res, ctx, status, found.id, found.session, view, { error });
    const wanted: { field: string; ref: string; pose: number | null; quantity: number }[] = [];
    for (const [key, value] of form) {
      if (key === 'csrf' || key === 'etape') continue;
      const field = /^q_([A-Za-z0-9]{1,8})_(\d{1,2})$/.exec(key);
      if (!field) return fail(400, 'Formulaire non reconnu : revenez à la galerie et recommencez.');
      if (!/^\d{1,2}$/.test(value.trim())) return fail(400, 'Indiquez des quantités entre 0 et 99.');
      const quantity = Number(value.trim());
      if (quantity === 0) continue;
      const pose = Number(field[2]);
      wanted.push({ field: key, ref: field[1]!, pose: pose === 0 ? null : pose, quantity });
    }
    if (wanted.length === 0) return fail(400, 'Choisissez au moins un article (quantité 1 ou plus).');
    const pay = form.get('etape') === 'payer';
    let placed;
    try {
      placed = this.deps.service.placeOrder(galleryRef, studentRef, wanted, { dryRun: !pay });
    } catch (error) {
      if (error instanceof PlatformError && error.code !== 'internal')
        return fail(error.code === 'ordering_closed' ? 409 : 400, error.message);
      throw error;
    }
    if (pay) {
      this.deps.logger.info('family page: online order placed', { galleryRef, lines: placed.lines.length });
      this.redirect(res, ctx, '/galerie?commande=ok#commande');
      return;
    }
    const byRef = new Map(view.products.map((p) => [p.ref, p]));
    this.send(
      res,
      ctx,
      200,
      orderRecapPage({
        action: '/commande',
        csrf: this.orderToken(found.id),
        lines: wanted.map((w) => ({
          field: w.field,
          label: byRef.get(w.ref)?.label ?? w.ref,
          pose: w.pose,
          quantity: w.quantity,
          unitCents: byRef.get(w.ref)?.priceCents ?? 0,
        })),
      }),
    );
  }

  private file(req: IncomingMessage, res: ServerResponse, ctx: RequestContext, fileId: string): void {
    const found = this.session(req);
    const view =
      found && this.deps.service.galleryResponse(found.session.galleryRef).state === 'open'
        ? this.items(found.id, found.session)
        : undefined;
    const item = view?.items.find((i) => i.id === fileId);
    if (!item) {
      this.send(
        res,
        ctx,
        404,
        messagePage(
          'Introuvable',
          'Photo introuvable',
          'Cette photo n’est pas disponible. Revenez à l’accueil et saisissez votre code.',
        ),
      );
      return;
    }
    res.writeHead(200, {
      'content-type': item.mediaType,
      'cache-control': 'private, no-store',
      ...familySecurityHeaders(ctx.secure, FILE_CSP),
      ...(item.kind === 'form'
        ? { 'content-disposition': 'attachment; filename="bon-de-commande.pdf"' }
        : {}),
    });
    createReadStream(this.deps.store.pathOf(item.sha256))
      .on('error', () => res.destroy())
      .pipe(res);
  }
}
