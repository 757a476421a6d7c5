import { describe, expect, it } from 'vitest';
import type { SessionList } from '../../../shared/domain/labeling';
import { isCardBurst, type PhotoState } from './labeling-store';

const list: SessionList = {
  thresholds: { sessionGapSeconds: 180, subjectGapSeconds: 8 },
  aside: [],
  sessions: [
    {
      id: 's1',
      number: 1,
      startAt: '2026-10-06T09:00:00.000',
      endAt: '2026-10-06T09:02:00.000',
      photoCount: 5,
      classId: 'ce1',
      subjects: [
        { id: 'card1', photoIds: ['card1', 'class1'], labeled: 0 },
        { id: 'card2', photoIds: ['card2', 'p1'], labeled: 0 },
        { id: 'p2', photoIds: ['p2'], labeled: 0 },
      ],
    },
  ],
};

const at = (cursor: number, labels: Record<string, PhotoState> = {}) => ({
  list,
  sessionId: 's1',
  cursor,
  labels,
});

describe('card bursts in sequence mode', () => {
  const cards = new Set(['card1', 'card2']);

  it('proposes nobody on a card frame with the class photo, but does on a card shot with a child', () => {
    expect(isCardBurst(at(0, { class1: { studentIds: [], mark: 'class' } }), cards)).toBe(true);
    expect(isCardBurst(at(1), cards)).toBe(false);
    expect(isCardBurst(at(2), cards)).toBe(false);
  });

  it('is not a card burst without a card frame, nor when the class photo is not marked yet', () => {
    expect(isCardBurst(at(0, { class1: { studentIds: [], mark: 'class' } }), new Set())).toBe(false);
    expect(isCardBurst(at(0), cards)).toBe(false);
  });
});
