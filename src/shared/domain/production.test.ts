import { describe, expect, it } from 'vitest';
import { scannedNumberCandidates } from './production';

describe('order numbers typed by a barcode scanner', () => {
  it('reads a number as typed, and as a QWERTY scanner meant it on an AZERTY keyboard', () => {
    expect(scannedNumberCandidates(' c00042 ')).toEqual(['C00042']);
    expect(scannedNumberCandidates('Càààç&')).toEqual(['CÀÀÀÇ&', 'C00091']);
    expect(scannedNumberCandidates('W)àé"\'(-è_')).toContain('W-02345678');
  });
});
