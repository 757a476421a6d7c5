import { describe, expect, it } from 'vitest';
import { formatBatchHeader, MAX_BATCH_FILES, parseBatchHeader } from './protocol';

const sha = (n: number) => n.toString(16).padStart(64, '0');

describe('batch header', () => {
  it('reads back what the client writes, in order', () => {
    const items = [
      { sha256: sha(1), size: 120_000 },
      { sha256: sha(2), size: 1 },
    ];
    expect(parseBatchHeader(formatBatchHeader(items))).toEqual(items);
  });

  it('refuses a malformed, empty, duplicated or over-long list', () => {
    expect(parseBatchHeader(undefined)).toBeNull();
    expect(parseBatchHeader('')).toBeNull();
    expect(parseBatchHeader(`${sha(1)}:0`)).toBeNull();
    expect(parseBatchHeader(`${sha(0xabc).toUpperCase()}:10`)).toBeNull();
    expect(parseBatchHeader(`${sha(1)}:10,${sha(1)}:10`)).toBeNull();
    expect(parseBatchHeader(`${sha(1)}:${9 * 1024 * 1024}`)).toBeNull();
    const many = Array.from({ length: MAX_BATCH_FILES + 1 }, (_, i) => ({ sha256: sha(i + 1), size: 10 }));
    expect(parseBatchHeader(formatBatchHeader(many))).toBeNull();
    expect(parseBatchHeader(formatBatchHeader(many.slice(0, MAX_BATCH_FILES)))).toHaveLength(MAX_BATCH_FILES);
  });
});
