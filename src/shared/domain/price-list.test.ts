import { describe, expect, it } from 'vitest';
import { formatMoney } from '../i18n';
import {
  associationShareCents,
  centsToDecimalComma,
  DEFAULT_PRICE_LIST,
  formatAllowed,
  offeredProducts,
  priceListSchema,
} from './price-list';

describe('price list', () => {
  it('allows up to 24×30 cm either way round and refuses anything larger', () => {
    expect(formatAllowed({ widthCm: 24, heightCm: 30 })).toBe(true);
    expect(formatAllowed({ widthCm: 30, heightCm: 24 })).toBe(true);
    expect(formatAllowed({ widthCm: 25, heightCm: 30 })).toBe(false);
    expect(formatAllowed({ widthCm: 20, heightCm: 40 })).toBe(false);
    const result = priceListSchema.safeParse([
      { ref: 'X', kind: 'print', label: 'Poster', priceCents: 2500, format: { widthCm: 30, heightCm: 40 } },
    ]);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toBe('validation.product.tooLarge');
  });

  it('offers sibling products only where the school allows sibling photos', () => {
    expect(offeredProducts(DEFAULT_PRICE_LIST, false).some((p) => p.kind === 'sibling_photo')).toBe(false);
    expect(offeredProducts(DEFAULT_PRICE_LIST, true).some((p) => p.kind === 'sibling_photo')).toBe(true);
  });

  it('holds prices in cents and shows them the French way', () => {
    expect(priceListSchema.parse(DEFAULT_PRICE_LIST)).toHaveLength(DEFAULT_PRICE_LIST.length);
    expect(formatMoney('fr', 1250).replace(/\u202f|\u00a0/g, ' ')).toBe('12,50 €');
    expect(centsToDecimalComma(1250)).toBe('12,50');
    expect(centsToDecimalComma(5)).toBe('0,05');
  });

  it('computes the association share from the contract', () => {
    expect(associationShareCents({ kind: 'percent', basisPoints: 1250 }, 10_000, 3)).toBe(1250);
    expect(associationShareCents({ kind: 'per_item', cents: 150 }, 10_000, 3)).toBe(450);
    expect(associationShareCents({ kind: 'none' }, 10_000, 3)).toBe(0);
  });
});
