/**
 * The options of the app window, in one pure function so that every security setting is visible in
 * one place and checked by a test (Electron security checklist: sandbox, context isolation, no Node
 * in the page, web security on, no webview).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

export const APP_TITLE = 'Préau Studio';
/** Painted before the UI loads, so the window never flashes white (matches the UI's dark chrome). */
export const BACKGROUND_COLOR = '#1f2428';
/** Smallest size at which the sorting screens (photo grid + class list) still fit. */
export const MIN_SIZE = { width: 1024, height: 680 } as const;

export interface WindowOptionsInput {
  /** Absolute path of the bundled preload (dist/preload/index.cjs). */
  preloadPath: string;
  /** DevTools only in development builds. */
  devTools: boolean;
  /** Absolute path of the window icon (Linux; Windows and macOS take it from the package). */
  iconPath?: string;
}

export function windowOptions(input: WindowOptionsInput): BrowserWindowConstructorOptions {
  return {
    title: APP_TITLE,
    width: 1440,
    height: 900,
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    backgroundColor: BACKGROUND_COLOR,
    // Shown on 'ready-to-show' to avoid an empty window while the UI loads.
    show: false,
    ...(input.iconPath ? { icon: input.iconPath } : {}),
    webPreferences: {
      preload: input.preloadPath,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: input.devTools,
    },
  };
}
