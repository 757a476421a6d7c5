import { describe, expect, it } from 'vitest';
import { cropProblem, defaultCrop, distinctMoments, PRINT_RATIOS, rotateRectClockwise } from './proofing';

describe('crops', () => {
  it('offers the largest centred frame of each ratio, in the photo’s orientation, which passes validation', () => {
    for (const { id } of PRINT_RATIOS)
      for (const [w, h] of [
        [960, 640],
        [640, 960],
        [1000, 1000],
      ] as const) {
        const rect = defaultCrop(id, w, h);
        expect(cropProblem(id, rect, w, h)).toBeNull();
        expect(Math.max(rect.w, rect.h)).toBeCloseTo(1);
      }
    // A portrait photo gets a portrait 13×18 frame.
    const r = defaultCrop('13x18', 640, 960);
    expect((r.w * 640) / (r.h * 960)).toBeCloseTo(13 / 18);
  });

  it('refuses a frame beyond the photo or at another ratio', () => {
    expect(cropProblem('square', { x: 0.7, y: 0, w: 0.4, h: 0.6 }, 960, 640)).toBe('outside');
    expect(cropProblem('20x30', defaultCrop('13x18', 960, 640), 960, 640)).toBe('ratio');
  });

  it('turns a frame with the photo: four quarter turns give it back', () => {
    const rect = { x: 0.1, y: 0.2, w: 0.3, h: 0.5 };
    const once = rotateRectClockwise(rect);
    // The top-left region of a landscape photo ends up top-right once turned clockwise.
    expect(once).toEqual({ x: 1 - 0.2 - 0.5, y: 0.1, w: 0.5, h: 0.3 });
    const back = rotateRectClockwise(rotateRectClockwise(rotateRectClockwise(once)));
    expect(back.x).toBeCloseTo(rect.x);
    expect(back.y).toBeCloseTo(rect.y);
    expect(back.w).toBeCloseTo(rect.w);
    expect(back.h).toBeCloseTo(rect.h);
  });
});

describe('automatic poses from two cameras', () => {
  it('keeps one frame per moment across cameras, every frame of one camera, and frames without a known camera or time', () => {
    const f = (id: string, cameraId: string | null, correctedMs: number | null) => ({
      id,
      cameraId,
      correctedMs,
    });
    const frames = [
      f('a1', 'A', 1000),
      f('b1', 'B', 1200),
      f('a2', 'A', 1500),
      f('b2', 'B', 20_000),
      f('x', null, 1100),
      f('b3', 'B', null),
    ];
    expect(distinctMoments(frames, 8, 8000).map((p) => p.id)).toEqual(['a1', 'a2', 'b2', 'x', 'b3']);
    // A tighter tolerance keeps B's frame taken 200 ms later.
    expect(distinctMoments(frames, 8, 100).map((p) => p.id)).toEqual(['a1', 'b1', 'a2', 'b2', 'x', 'b3']);
    expect(distinctMoments(frames, 2, 8000).map((p) => p.id)).toEqual(['a1', 'a2']);
  });
});
