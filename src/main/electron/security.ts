/**
 * The window's security guards (Electron security checklist): the app is `app://preau/…` and nothing
 * else; every navigation away from it is blocked, new windows are denied, webviews refused, browser
 * permissions (camera, location, notifications…) denied, requests to the network cancelled. The
 * decisions are pure functions; `guardWebContents` / `guardSession` only wire them to Electron objects
 * handed in by main.ts, so this file never loads Electron itself.
 */
import type { Session, WebContents } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'preau';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** Where the window starts. */
export const APP_START_URL = `${APP_ORIGIN}/`;

function parse(url: string | undefined): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True only for `app://preau/…`: no other host, no credentials, no port. */
export function isAppUrl(url: string | undefined): boolean {
  const u = parse(url);
  return (
    !!u &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/** A link the user may open in their own browser: plain http(s), no embedded credentials. */
export function isExternalLink(url: string | undefined): boolean {
  const u = parse(url);
  return !!u && (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
}

export type NavigationDecision = { allow: true } | { allow: false; openExternally: boolean };

/** A navigation of the app window: within the app it proceeds; anything else is stopped, web links go to the browser. */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return { allow: true };
  return { allow: false, openExternally: isExternalLink(url) };
}

/** `window.open` / `target=_blank`: never a new Electron window; web links go to the browser. */
export function windowOpenDecision(url: string): { action: 'deny'; openExternally: boolean } {
  return { action: 'deny', openExternally: isExternalLink(url) };
}

/**
 * IPC is accepted only from the app's own top frame: a sub-frame, a destroyed frame or a page of any
 * other origin gets nothing from the core.
 */
export function isTrustedSender(senderFrameUrl: string | undefined): boolean {
  return isAppUrl(senderFrameUrl);
}

/** The only browser permissions the UI uses: copy text to the clipboard, full-screen photo view. */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'fullscreen']);

/** Camera, microphone, location, notifications, USB, opening external apps…: denied, whoever asks. */
export function isPermissionGranted(permission: string, requestingUrl: string | undefined): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** The UI works offline by design: any request to the network from a window is cancelled. */
export function isRemoteRequest(url: string): boolean {
  const u = parse(url);
  if (!u) return true;
  return ['http:', 'https:', 'ws:', 'wss:', 'ftp:'].includes(u.protocol);
}

/** Navigation, new-window and webview guards on one WebContents (main.ts applies them to every one created). */
export function guardWebContents(contents: WebContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => {
    const decision = navigationDecision(event.url);
    if (decision.allow) return;
    event.preventDefault();
    if (decision.openExternally) openExternal(event.url);
  });
  contents.on('will-frame-navigate', (event) => {
    if (!event.isMainFrame && !isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const decision = windowOpenDecision(url);
    if (decision.openExternally) openExternal(url);
    return { action: decision.action };
  });
}

/** Permission and network guards on the app's session. */
export function guardSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(isPermissionGranted(permission, details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, origin, details) =>
    isPermissionGranted(permission, details.requestingUrl ?? origin),
  );
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] },
    (details, callback) => callback({ cancel: isRemoteRequest(details.url) }),
  );
}
