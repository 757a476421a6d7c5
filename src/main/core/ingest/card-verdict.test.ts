import { describe, expect, it } from 'vitest';
import { translate } from '../../../shared/i18n';
import { cardVerdict, type CardVerdictInput } from './card-verdict';
import type { CardFileRecord } from './card-manifest.repository';

let nextId = 1;
function row(relPath: string, over: Partial<CardFileRecord> = {}): CardFileRecord {
  return {
    id: nextId++,
    cardId: 'card',
    taskId: 'task',
    relPath,
    size: 1000,
    mtimeMs: 1,
    sha256: 'a'.repeat(64),
    status: 'verified',
    reason: null,
    staged: [],
    destinations: ['/job/originals/x.jpg'],
    verifyMode: 'direct',
    verifiedAt: '2026-12-03T08:00:00Z',
    finalName: null,
    photoId: null,
    missing: [],
    role: 'photo',
    ...over,
  };
}

const onCard = (r: CardFileRecord) => ({ relPath: r.relPath, size: r.size, mtimeMs: r.mtimeMs });

function verdict(over: Partial<CardVerdictInput>) {
  return cardVerdict({
    cardNumber: 2,
    rows: [],
    scannedFiles: [],
    unchecked: new Set(),
    notCopied: 'annulé',
    cameraLabel: 'boîtier A',
    repaired: 0,
    t: (key, params) => translate('fr', key, params),
    ...over,
  });
}

describe('card verdict', () => {
  it('says « peut être formatée » only when every file on the card has a verified, checked copy', () => {
    const a = row('DCIM/100/IMG_1.JPG');
    const b = row('DCIM/100/IMG_2.JPG');
    const ok = verdict({ rows: [a, b], scannedFiles: [onCard(a), onCard(b)] });
    expect(ok.safe).toBe(true);
    expect(ok.verdict).toContain('peut être formatée');
    expect(ok.verdict).toContain('boîtier A');

    const lost = verdict({ rows: [a, b], scannedFiles: [onCard(a), onCard(b)], unchecked: new Set([b.id]) });
    expect(lost.safe).toBe(false);
    expect(lost.bad.map((x) => x.file)).toEqual(['DCIM/100/IMG_2.JPG']);
    expect(lost.verdict).not.toContain('peut être formatée');
  });

  it('names a file on the card that was never copied, and a copy found missing, with their reasons', () => {
    const a = row('DCIM/100/IMG_1.JPG', { missing: ['/backup/originals/x.jpg'], reason: 'copie absente' });
    const fresh = { relPath: 'DCIM/100/IMG_3.JPG', size: 5, mtimeMs: 9 };
    const v = verdict({ rows: [a], scannedFiles: [onCard(a), fresh], notCopied: 'disque plein' });
    expect(v.safe).toBe(false);
    expect(v.bad).toEqual([
      { file: 'DCIM/100/IMG_1.JPG', reason: 'copie absente' },
      { file: 'DCIM/100/IMG_3.JPG', reason: 'disque plein' },
    ]);
  });

  it('never calls an empty card safe, and tells repaired copies apart', () => {
    expect(verdict({ rows: [], scannedFiles: [] }).safe).toBe(false);
    const a = row('DCIM/100/IMG_1.JPG');
    const repaired = verdict({ rows: [a], scannedFiles: [onCard(a)], repaired: 1 });
    const plain = verdict({ rows: [a], scannedFiles: [onCard(a)] });
    expect(repaired.safe).toBe(true);
    expect(repaired.verdict).not.toBe(plain.verdict);
  });

  it('judges from the rows alone when the card cannot be read again', () => {
    const a = row('DCIM/100/IMG_1.JPG', { status: 'failed', reason: 'illisible' });
    const v = verdict({ rows: [a, row('DCIM/100/IMG_2.JPG')], scannedFiles: null });
    expect(v.safe).toBe(false);
    expect(v.bad).toEqual([{ file: 'DCIM/100/IMG_1.JPG', reason: 'illisible' }]);
  });
});
