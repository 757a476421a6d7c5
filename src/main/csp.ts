/**
 * The Content-Security-Policy of the UI, the same in both hosts: only the app's own scripts, styles
 * and images; no remote origin of any kind (no CDN, no fonts, no telemetry); no eval; no framing.
 */
export function contentSecurityPolicy(extra: { connect?: string[]; img?: string[] } = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src 'self' data: blob:${extra.img?.length ? ` ${extra.img.join(' ')}` : ''}`,
    "font-src 'self'",
    `connect-src 'self'${extra.connect?.length ? ` ${extra.connect.join(' ')}` : ''}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}
