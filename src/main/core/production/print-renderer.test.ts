import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import {
  decodeForPrints,
  decodeOriginal,
  renderSheet,
  shrinkForPrints,
  type PrintNeed,
} from './print-renderer';

/** A 3000 × 2000 photo in four coloured quadrants with a gradient, stored with an EXIF orientation. */
async function photo(orientation: number): Promise<Buffer> {
  const width = 3000;
  const height = 2000;
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y += 1)
    for (let x = 0; x < width; x += 1) {
      const i = (y * width + x) * 3;
      data[i] = x < width / 2 ? 220 : 30;
      data[i + 1] = y < height / 2 ? 200 : 40;
      data[i + 2] = Math.round((x / width) * 255);
    }
  return sharp(data, { raw: { width, height, channels: 3 } })
    .withMetadata({ orientation })
    .jpeg({ quality: 92 })
    .toBuffer();
}

const sixByNine: PrintNeed = { kind: 'print', format: { widthCm: 6, heightCm: 9 }, rect: null };

describe('print renderer', () => {
  it.each([
    [1, 0],
    [6, 0],
    [8, 90],
    [3, 270],
  ] as const)(
    'decoding and shrinking in one pass gives the pixels of decode-then-shrink (orientation %i, rotation %i)',
    async (orientation, rotation) => {
      const bytes = await photo(orientation);
      const counter = { decodes: 0 };
      const twoStep = await shrinkForPrints(await decodeOriginal(bytes, rotation), [sixByNine], 300);
      const onePass = await decodeForPrints(bytes, rotation, [sixByNine], 300, counter);
      expect(counter.decodes).toBe(1);
      // The photo was shrunk (a 6×9 needs far less than 6 MP) and kept its orientation.
      expect(onePass.width * onePass.height).toBeLessThan(3000 * 2000 * 0.6);
      expect([onePass.width, onePass.height]).toEqual([twoStep.width, twoStep.height]);
      let diff = 0;
      for (let i = 0; i < onePass.data.length; i += 1) diff += Math.abs(onePass.data[i]! - twoStep.data[i]!);
      expect(diff / onePass.data.length).toBeLessThan(2);
    },
  );

  it('lays four 6×9 prints on a 13×18 sheet with grey cut lines between them, and leaves unused cells white', async () => {
    const decoded = await decodeOriginal(await photo(1), 0);
    const sheet = await renderSheet(
      decoded,
      null,
      sixByNine.format!,
      { widthCm: 13, heightCm: 18 },
      3,
      300,
      92,
    );
    const { data, info } = await sharp(sheet).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([1535, 2126]);
    const at = (x: number, y: number) => [
      ...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3),
    ];
    const grey = (p: number[]) => p.every((v) => Math.abs(v - 0x9a) < 12);
    // 6×9 at 300 ppi is 709 × 1063 px: the cut lines run at x = 709 and y = 1063.
    expect(grey(at(709, 500))).toBe(true);
    expect(grey(at(300, 1063))).toBe(true);
    // The fourth cell (bottom right) is empty: white.
    expect(at(1100, 1600).every((v) => v > 245)).toBe(true);
    // A used cell shows the landscape print turned a quarter to fit the portrait cell: its top
    // left is the photo's bottom left (red), its top right the photo's top left (red and green).
    const [r1, g1] = at(100, 100);
    expect([r1! > 150, g1! < 100]).toEqual([true, true]);
    const [r2, g2] = at(600, 100);
    expect([r2! > 150, g2! > 150]).toEqual([true, true]);
  });
});
