/** The app version, injected at build time; `dev` when running from sources. */
declare const __PREAU_VERSION__: string | undefined;
export const APP_VERSION: string = typeof __PREAU_VERSION__ === 'string' ? __PREAU_VERSION__ : 'dev';
