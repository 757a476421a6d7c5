/**
 * The family page against guessing, as browsers and scripts reach it over HTTP: one family
 * mistyping never locks out another at the same address; rotating browsers at one address still
 * meet a ceiling; the ceiling holds when a thousand requests arrive at once with their bodies late;
 * typos the check character catches are explained and never counted; every response carries the
 * security headers; cookies are Secure over HTTPS only through a proxy the sandbox was told to trust.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { generateCode } from '../../src/shared/domain/access-code';
import { UploadEngine } from '../../src/main/core/publish/upload-engine';
import type { PlatformHandle } from '../../src/main/platform/platform-server';
import { clientFor, FAST_RETRY, testPlatform } from '../helpers/platform';
import { runCli } from '../helpers/run-cli';
import { generateSchool } from '../helpers/school-fixture';
import { tempDir } from '../helpers/temp-dir';

/** A browser as the family page sees it: its cookies, and the form it was last given. */
class FamilyBrowser {
  private readonly cookies = new Map<string, string>();
  action = '/acces';

  constructor(
    private readonly platform: Pick<PlatformHandle, 'url'>,
    private readonly options: { cookies?: boolean; headers?: Record<string, string> } = {},
  ) {}

  private keep(res: Response): void {
    if (this.options.cookies === false) return;
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
  }

  private headers(): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...this.options.headers, ...(cookie ? { cookie } : {}) };
  }

  async get(path: string): Promise<Response> {
    const res = await fetch(`${this.platform.url}${path}`, { headers: this.headers(), redirect: 'manual' });
    this.keep(res);
    return res;
  }

  /** Opens the code page (as a browser does first), then sends the code with that page's form. */
  async enter(code: string, fresh = true): Promise<Response> {
    if (fresh) {
      const home = await this.get('/');
      this.action = /action="([^"]+)"/.exec(await home.text())![1]!.replaceAll('&amp;', '&');
    }
    const res = await fetch(`${this.platform.url}${this.action}`, {
      method: 'POST',
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ code }),
      redirect: 'manual',
    });
    this.keep(res);
    return res;
  }
}

const wrongCode = () => generateCode((n) => randomBytes(n));

async function publishedSchool(platform: PlatformHandle) {
  const school = await generateSchool(tempDir(), { classes: 1, studentsPerClass: 3, content: 'jpeg' });
  await new UploadEngine(clientFor(platform)).publish(school.input, { retry: FAST_RETRY });
  return school;
}

describe('the family page against guessing', () => {
  it('lets another browser at the same address in with its right code after one browser got 5 wrong', async () => {
    const platform = await testPlatform();
    const school = await publishedSchool(platform);
    const mistyping = new FamilyBrowser(platform);
    for (let i = 0; i < 5; i++) expect((await mistyping.enter(wrongCode())).status).toBe(401);
    const held = await mistyping.enter(school.students[0]!.accessCode);
    expect(held.status).toBe(429);
    expect(await held.text()).toContain('Trop de codes erronés sur cet appareil');

    const neighbour = new FamilyBrowser(platform);
    const opened = await neighbour.enter(school.students[1]!.accessCode);
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/galerie');
    expect((await neighbour.get('/galerie')).status).toBe(200);
  });

  it('never counts typos the check character catches: a parent may correct as often as needed', async () => {
    const platform = await testPlatform();
    const school = await publishedSchool(platform);
    const code = wrongCode();
    const parent = new FamilyBrowser(platform);
    for (let i = 0; i < 20; i++) {
      // One character changed: the check character gives it away, nothing is looked up.
      const typo = `${code.slice(0, 4)}${code[4] === '7' ? '8' : '7'}${code.slice(5)}`;
      const res = await parent.enter(typo);
      expect(res.status).toBe(400);
      const html = await res.text();
      expect(html).toContain('faute de frappe');
      expect(html).toContain('aria-invalid="true"');
    }
    expect((await parent.enter(school.students[0]!.accessCode)).status).toBe(303);
  });

  it('holds 1,000 wrong codes from rotating browsers at one address to the address limit, and still lets in a family that had opened its gallery', async () => {
    const platform = await testPlatform();
    const school = await publishedSchool(platform);
    const known = new FamilyBrowser(platform);
    expect((await known.enter(school.students[0]!.accessCode)).status).toBe(303);
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      // Half with a fresh cookie each time, half without cookies (a new form token each time).
      const rotating = new FamilyBrowser(platform, { cookies: i % 2 === 0 });
      const res = await rotating.enter(wrongCode());
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    console.log(
      `family page: 1,000 wrong codes from rotating browsers at one address — ${statuses.get(401) ?? 0} evaluated, ${statuses.get(429) ?? 0} refused (429)`,
    );
    expect(statuses.get(401)).toBe(100);
    expect(statuses.get(429)).toBe(900);
    const refused = await new FamilyBrowser(platform).enter(wrongCode());
    expect(await refused.text()).toContain('depuis votre réseau');
    // A browser that had already opened a gallery here is not held back by the others.
    expect((await known.enter(school.students[1]!.accessCode)).status).toBe(303);
  });

  it('evaluates no more wrong codes than the limit when a thousand requests arrive at once with their bodies late', async () => {
    // A script posting straight to the form, no cookie, no form: one browser as far as limits go.
    const bare = await testPlatform();
    await publishedSchool(bare);
    const scripted = await lateBodies(
      bare,
      Array.from({ length: 1000 }, () => ({ action: '/acces' })),
    );
    // A thousand different browsers (each with the cookie and form of its own visit), one address.
    const rotating = await testPlatform();
    await publishedSchool(rotating);
    const forms: { cookie?: string; action: string }[] = [];
    for (let i = 0; i < 1000; i++) {
      const home = await fetch(`${rotating.url}/`);
      forms.push({
        cookie: home.headers.getSetCookie()[0]?.split(';')[0],
        action: /action="([^"]+)"/.exec(await home.text())![1]!,
      });
    }
    const browsers = await lateBodies(rotating, forms);
    const count = (list: number[], status: number) => list.filter((s) => s === status).length;
    console.log(
      `family page: 1,000 simultaneous requests with late bodies — one script: ${count(scripted, 401)} wrong codes evaluated; 1,000 browsers at one address: ${count(browsers, 401)} evaluated, the rest refused`,
    );
    expect(count(scripted, 401)).toBe(5);
    expect(count(browsers, 401)).toBe(100);
    for (const list of [scripted, browsers]) expect(list.filter((s) => s !== 401 && s !== 429)).toEqual([]);
  }, 120_000);
});

/** Sends every request's headers at once, and each body one second later. */
function lateBodies(
  platform: Pick<PlatformHandle, 'url'>,
  forms: { cookie?: string | undefined; action: string }[],
): Promise<number[]> {
  const { port } = new URL(platform.url);
  return Promise.all(
    forms.map(
      (f) =>
        new Promise<number>((resolve, reject) => {
          const body = new URLSearchParams({ code: wrongCode() }).toString();
          const req = http.request({
            host: '127.0.0.1',
            port,
            path: f.action,
            method: 'POST',
            agent: false,
            headers: {
              ...(f.cookie ? { cookie: f.cookie } : {}),
              'content-type': 'application/x-www-form-urlencoded',
              'content-length': Buffer.byteLength(body),
            },
          });
          req.on('response', (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.flushHeaders();
          setTimeout(() => req.end(body), 1_000);
        }),
    ),
  );
}

describe('a code taken offline', () => {
  it('tells a withdrawn family whom to ask, and after an erasure answers as for a code that never existed', async () => {
    const platform = await testPlatform();
    const school = await publishedSchool(platform);
    const client = clientFor(platform);
    const [withdrawn, erased, erasedLater] = school.students;
    const g = school.input.galleryRef;

    await client.removeStudent(g, withdrawn!.studentRef);
    expect((await new FamilyBrowser(platform).enter(withdrawn!.accessCode)).status).toBe(410);

    await client.removeStudent(g, erased!.studentRef, 'erasure');
    const unknown = await new FamilyBrowser(platform).enter(erased!.accessCode);
    expect(unknown.status).toBe(401);
    expect(await unknown.text()).not.toMatch(/pas en ligne/);

    // Withdrawn first, erased afterwards: the remembered code is forgotten too.
    await client.removeStudent(g, erasedLater!.studentRef);
    expect((await new FamilyBrowser(platform).enter(erasedLater!.accessCode)).status).toBe(410);
    const again = await client.removeStudent(g, erasedLater!.studentRef, 'erasure');
    expect(again.removed).toBe(false);
    expect((await new FamilyBrowser(platform).enter(erasedLater!.accessCode)).status).toBe(401);
    // The withdrawn family is still told whom to ask.
    expect((await new FamilyBrowser(platform).enter(withdrawn!.accessCode)).status).toBe(410);

    // A reason the protocol does not know is refused, naming what is expected.
    const bad = await fetch(
      `${platform.url}/api/v1/galleries/${g}/students/${withdrawn!.studentRef}/remove`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${platform.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'because' }),
      },
    );
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('erasure');
  });
});

describe('family sessions', () => {
  it('keeps at most 10 sessions open per gallery however often its code is entered, the oldest going first', async () => {
    const platform = await testPlatform();
    const school = await publishedSchool(platform);
    const devices = Array.from({ length: 12 }, () => new FamilyBrowser(platform));
    for (const d of devices) expect((await d.enter(school.students[0]!.accessCode)).status).toBe(303);
    const open = [];
    for (const d of devices) open.push((await d.get('/galerie')).status);
    expect(open).toEqual([303, 303, ...Array<number>(10).fill(200)]);
    // Another family's session is untouched.
    const other = new FamilyBrowser(platform);
    expect((await other.enter(school.students[1]!.accessCode)).status).toBe(303);
    expect((await other.get('/galerie')).status).toBe(200);
  });
});

const SECURITY = {
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

function expectSecurityHeaders(res: Response, what: string): void {
  expect(res.headers.get('content-security-policy'), what).toContain("frame-ancestors 'none'");
  expect(res.headers.get('content-security-policy'), what).toContain("default-src 'none'");
  for (const [name, value] of Object.entries(SECURITY))
    expect(res.headers.get(name), `${what}: ${name}`).toBe(value);
  expect(res.headers.get('cache-control'), what).toContain('no-store');
}

describe('every family-page response', () => {
  it('carries the security headers: pages, files, redirects, refusals and errors', async () => {
    const platform = await testPlatform({
      rateLimit: {
        perBrowser: { attempts: 1, windowMs: 60_000 },
        perAddress: { attempts: 100, windowMs: 60_000 },
      },
    });
    const school = await publishedSchool(platform);
    const family = new FamilyBrowser(platform);
    const seen: [string, Response][] = [];
    const see = async (what: string, res: Promise<Response>) => {
      const r = await res;
      seen.push([what, r]);
      return r;
    };
    await see('code page', family.get('/'));
    await see('stylesheet', family.get('/style.css'));
    await see('gallery without a session (redirect)', family.get('/galerie'));
    const code = wrongCode();
    await see('typo', family.enter(`${code.slice(0, 14)}${code[14] === '2' ? '3' : '2'}`));
    await see('right code (redirect)', family.enter(school.students[0]!.accessCode));
    const gallery = await see('gallery', family.get('/galerie'));
    const src = /<img src="([^"]+)"/.exec(await gallery.text())![1]!;
    const image = await see('image', family.get(src));
    expect(image.headers.get('content-type')).toBe('image/jpeg');
    expect(image.headers.get('content-security-policy')).toContain('sandbox');
    await see('unknown image', family.get('/fichier/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'));
    await see('leaving (redirect)', fetch(`${platform.url}/sortie`, { method: 'POST', redirect: 'manual' }));
    await see('unknown page', family.get('/wp-admin'));
    await see('wrong method', fetch(`${platform.url}/`, { method: 'DELETE' }));
    await see('wrong code', family.enter(wrongCode()));
    await see('too many', family.enter(wrongCode()));
    await see(
      'too long',
      fetch(`${platform.url}/acces`, {
        method: 'POST',
        body: `code=${'A'.repeat(5000)}`,
        redirect: 'manual',
      }),
    );
    await clientFor(platform).removeStudent(school.input.galleryRef, school.students[2]!.studentRef);
    await see('code no longer online', new FamilyBrowser(platform).enter(school.students[2]!.accessCode));
    const statuses = seen.map(([what, r]) => `${what}: ${r.status}`);
    expect(statuses).toEqual([
      'code page: 200',
      'stylesheet: 200',
      'gallery without a session (redirect): 303',
      'typo: 400',
      'right code (redirect): 303',
      'gallery: 200',
      'image: 200',
      'unknown image: 404',
      'leaving (redirect): 303',
      'unknown page: 404',
      'wrong method: 405',
      'wrong code: 401',
      'too many: 429',
      'too long: 413',
      'code no longer online: 410',
    ]);
    for (const [what, r] of seen) expectSecurityHeaders(r, what);
    // Plain HTTP here: no Secure cookie, no HSTS.
    expect(seen[0]![1].headers.getSetCookie().join()).not.toContain('Secure');
    expect(seen[0]![1].headers.get('strict-transport-security')).toBeNull();
  });

  it('sets Secure cookies and HSTS over HTTPS only through a trusted proxy, and ignores forwarding headers otherwise', async () => {
    const forwarded = { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' };
    const untrusted = await testPlatform();
    const school = await publishedSchool(untrusted);
    const direct = new FamilyBrowser(untrusted, { headers: forwarded });
    const page = await direct.get('/');
    expect(page.headers.getSetCookie().join()).not.toContain('Secure');
    expect((await direct.enter(school.students[0]!.accessCode)).headers.getSetCookie().join()).not.toContain(
      'Secure',
    );

    const behindProxy = await testPlatform({ trustedProxies: ['127.0.0.1'] });
    const again = await publishedSchool(behindProxy);
    const family = new FamilyBrowser(behindProxy, { headers: forwarded });
    const home = await family.get('/');
    expect(home.headers.getSetCookie().every((c) => c.includes('; Secure'))).toBe(true);
    expect(home.headers.get('strict-transport-security')).toContain('max-age=');
    const entered = await family.enter(again.students[0]!.accessCode);
    expect(entered.status).toBe(303);
    expect(entered.headers.getSetCookie().join()).toMatch(/preau_famille=[^;]+;.*Secure/);
  });

  it('limits each family behind a trusted proxy by its own address, and does not believe a client that forges one', async () => {
    const limits = {
      perBrowser: { attempts: 50, windowMs: 60_000 },
      perAddress: { attempts: 10, windowMs: 60_000 },
    };
    const proxied = await testPlatform({ trustedProxies: ['127.0.0.1'], rateLimit: limits });
    await publishedSchool(proxied);
    const from = (address: string) =>
      new FamilyBrowser(proxied, {
        cookies: false,
        headers: { 'x-forwarded-for': `198.51.100.77, ${address}` },
      });
    for (let i = 0; i < 10; i++) expect((await from('203.0.113.1').enter(wrongCode())).status).toBe(401);
    expect((await from('203.0.113.1').enter(wrongCode())).status).toBe(429);
    // Another family behind the same proxy: its own address, its own count.
    expect((await from('203.0.113.2').enter(wrongCode())).status).toBe(401);

    const direct = await testPlatform({ rateLimit: limits });
    await publishedSchool(direct);
    let last = 0;
    for (let i = 0; i < 11; i++)
      last = (
        await new FamilyBrowser(direct, {
          cookies: false,
          headers: { 'x-forwarded-for': `203.0.113.${i}` },
        }).enter(wrongCode())
      ).status;
    expect(last).toBe(429);
  });

  it('takes a trusted proxy from the command line only as an IP address, and says so otherwise', async () => {
    const run = await runCli(['--data', tempDir(), 'platform', '--trusted-proxy', '127.0.0.1,proxy.example']);
    expect(run.code).toBe(2);
    expect(run.err).toContain('« proxy.example » n’est pas une adresse IP');
  });
});
