import { EventEmitter } from 'node:events';
import type { HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  APP_START_URL,
  guardWebContents,
  isAppUrl,
  isPermissionGranted,
  isRemoteRequest,
  isTrustedSender,
  navigationDecision,
  windowOpenDecision,
} from './security';

describe('isAppUrl', () => {
  it('accepts the app origin and its routes', () => {
    expect(isAppUrl(APP_START_URL)).toBe(true);
    expect(isAppUrl('app://preau/index.html#/jobs')).toBe(true);
    expect(isAppUrl('app://preau/assets/index-abc.js')).toBe(true);
  });

  it('refuses every look-alike: other scheme, host, credentials, port, garbage', () => {
    for (const url of [
      'https://preau/',
      'file:///app/index.html',
      'app://evil/',
      'app://preau.evil.com/',
      'app://preau@evil/',
      'app://user:pw@preau/',
      'app://preau:8080/',
      'preau-media://app/media/j/thumb/p',
      'not a url',
      '',
      undefined,
    ]) {
      expect(isAppUrl(url), String(url)).toBe(false);
    }
  });
});

describe('navigation guard', () => {
  it('lets the app navigate within itself', () => {
    expect(navigationDecision('app://preau/jobs')).toEqual({ allow: true });
  });

  it('blocks web pages in the app window and hands them to the browser', () => {
    expect(navigationDecision('https://www.education.gouv.fr/')).toEqual({
      allow: false,
      openExternally: true,
    });
  });

  it('blocks other schemes without opening anything', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'smb://server/share',
      'https://user:pw@evil.example/',
      'data:text/html,<h1>x</h1>',
    ]) {
      expect(navigationDecision(url), url).toEqual({ allow: false, openExternally: false });
    }
  });

  it('never opens a new Electron window, even for the app itself', () => {
    expect(windowOpenDecision('app://preau/')).toEqual({ action: 'deny', openExternally: false });
    expect(windowOpenDecision('https://example.org/aide')).toEqual({ action: 'deny', openExternally: true });
    expect(windowOpenDecision('file:///C:/Windows')).toEqual({ action: 'deny', openExternally: false });
  });
});

describe('isTrustedSender', () => {
  it('trusts only a frame showing the app', () => {
    expect(isTrustedSender('app://preau/')).toBe(true);
    expect(isTrustedSender('https://evil.example/')).toBe(false);
    expect(isTrustedSender('about:blank')).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('permissions and network', () => {
  it('denies camera, microphone, location, notifications and external apps, even to the app', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'clipboard-read']) {
      expect(isPermissionGranted(p, 'app://preau/'), p).toBe(false);
    }
  });

  it('grants clipboard writing and full screen to the app only', () => {
    expect(isPermissionGranted('clipboard-sanitized-write', 'app://preau/')).toBe(true);
    expect(isPermissionGranted('fullscreen', 'app://preau')).toBe(true);
    expect(isPermissionGranted('fullscreen', 'https://evil.example/')).toBe(false);
    expect(isPermissionGranted('fullscreen', undefined)).toBe(false);
  });

  it('cancels requests to the network and keeps local schemes', () => {
    expect(isRemoteRequest('https://fonts.googleapis.com/css')).toBe(true);
    expect(isRemoteRequest('ws://127.0.0.1:9000/')).toBe(true);
    expect(isRemoteRequest('app://preau/assets/a.js')).toBe(false);
    expect(isRemoteRequest('preau-media://app/media/j/thumb/p')).toBe(false);
  });
});

/** A stand-in for a WebContents: the guards only use `on` and `setWindowOpenHandler`. */
function fakeContents() {
  const emitter = new EventEmitter();
  let openHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  const contents = Object.assign(emitter, {
    setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse) {
      openHandler = handler;
    },
  });
  const opened: string[] = [];
  guardWebContents(contents as unknown as WebContents, (url) => opened.push(url));
  const fire = (name: string, fields: Record<string, unknown>) => {
    const event = {
      prevented: false,
      preventDefault() {
        this.prevented = true;
      },
      ...fields,
    };
    emitter.emit(name, event);
    return event.prevented;
  };
  return { fire, opened, open: (url: string) => openHandler?.({ url } as HandlerDetails) };
}

describe('guardWebContents', () => {
  it('stops a click on a web link and opens it in the browser instead', () => {
    const c = fakeContents();
    expect(c.fire('will-navigate', { url: 'https://example.org/', isMainFrame: true })).toBe(true);
    expect(c.opened).toEqual(['https://example.org/']);
  });

  it('lets the app reload itself', () => {
    const c = fakeContents();
    expect(c.fire('will-navigate', { url: 'app://preau/', isMainFrame: true })).toBe(false);
    expect(c.opened).toEqual([]);
  });

  it('blocks redirects away from the app, foreign sub-frames and webviews', () => {
    const c = fakeContents();
    expect(c.fire('will-redirect', { url: 'https://evil.example/' })).toBe(true);
    expect(c.fire('will-frame-navigate', { url: 'https://evil.example/', isMainFrame: false })).toBe(true);
    expect(c.fire('will-attach-webview', {})).toBe(true);
    expect(c.opened).toEqual([]);
  });

  it('denies window.open and sends web links to the browser', () => {
    const c = fakeContents();
    expect(c.open('https://example.org/tarifs')).toEqual({ action: 'deny' });
    expect(c.open('app://preau/')).toEqual({ action: 'deny' });
    expect(c.opened).toEqual(['https://example.org/tarifs']);
  });
});
