import { describe, expect, it } from 'vitest';
import { APP_TITLE, MIN_SIZE, windowOptions } from './window-options';

describe('windowOptions', () => {
  const options = windowOptions({ preloadPath: '/app/dist/preload/index.cjs', devTools: false });
  const web = options.webPreferences ?? {};

  it('isolates the page from Node and from the preload (sandbox, context isolation, no Node anywhere)', () => {
    expect(web).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
    });
  });

  it('keeps web security on and refuses webviews, insecure content and dropped-file navigation', () => {
    expect(web).toMatchObject({
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
    });
  });

  it('loads the given preload and names the window in French', () => {
    expect(web.preload).toBe('/app/dist/preload/index.cjs');
    expect(options.title).toBe(APP_TITLE);
    expect(APP_TITLE).toBe('Préau Studio');
  });

  it('has a minimum size and a background colour so the window never flashes white', () => {
    expect(options.minWidth).toBe(MIN_SIZE.width);
    expect(options.minHeight).toBe(MIN_SIZE.height);
    expect(options.backgroundColor).toMatch(/^#[0-9a-f]{6}$/i);
    expect(options.show).toBe(false);
  });

  it('opens DevTools only when asked (development builds)', () => {
    expect(web.devTools).toBe(false);
    expect(windowOptions({ preloadPath: '/p', devTools: true }).webPreferences?.devTools).toBe(true);
  });
});
