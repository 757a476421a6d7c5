// Types of start.mjs (plain JavaScript: it runs before anything is built).
export type Launch = 'electron' | 'download' | 'browser';
export const BUILD_OUTPUTS: string[];
export function chooseLaunch(facts: {
  electronInstalled: boolean;
  downloadSucceeded: boolean | undefined;
  preferBrowser?: boolean;
  downloadAllowed?: boolean;
}): Launch;
export function installedElectron(dir?: string): string | null;
export function needsBuild(outputMtimes: (number | undefined)[], newestInputMtime: number): boolean;
export function appEnv(
  env?: Record<string, string | undefined>,
  platform?: string,
): Record<string, string | undefined>;
