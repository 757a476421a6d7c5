/** The line under a field: a hint, a problem to fix, or a reassuring check — announced to screen readers. */
import type { ReactNode } from 'react';

export type Tone = 'hint' | 'error' | 'info' | 'ok' | 'pending';

export function FieldNote({ id, tone, children }: { id: string; tone: Tone; children: ReactNode }) {
  return (
    <p
      id={id}
      className={`field-note field-note--${tone}`}
      aria-live={tone === 'error' ? 'assertive' : 'polite'}
    >
      {children}
    </p>
  );
}
