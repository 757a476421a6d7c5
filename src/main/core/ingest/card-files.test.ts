import { describe, expect, it } from 'vitest';
import { describeOther, pairKey, roleOf, sidecarName } from './card-files';
import { heifCodecOf, plainDetail } from './derivatives';
import { heifOrientation } from './exif-reader';

describe('what a card file is', () => {
  it('tells photos, sidecars and other files apart by name', () => {
    expect(roleOf('DCIM/100CANON/IMG_0001.CR3')).toBe('photo');
    expect(roleOf('DCIM/100APPLE/IMG_0001.HEIC')).toBe('photo');
    expect(roleOf('DCIM/100CANON/IMG_0001.WAV')).toBe('sidecar');
    expect(roleOf('DCIM/100CANON/img_0001.xmp')).toBe('sidecar');
    expect(roleOf('DCIM/README.TXT')).toBe('other');
    expect(roleOf('DCIM/SETTINGS')).toBe('other');
  });

  it('pairs a sidecar with its photo in the same folder, whatever the case or a doubled extension', () => {
    expect(pairKey('DCIM/100CANON/img_0042.wav')).toBe(pairKey('DCIM/100CANON/IMG_0042.JPG'));
    expect(pairKey('DCIM/100CANON/IMG_0042.JPG.xmp')).toBe(pairKey('DCIM/100CANON/IMG_0042.JPG'));
    expect(pairKey('DCIM/101CANON/IMG_0042.WAV')).not.toBe(pairKey('DCIM/100CANON/IMG_0042.JPG'));
    expect(sidecarName('20261006-091234_A_1000042.JPG', 'DCIM/100CANON/img_0042.wav')).toBe(
      '20261006-091234_A_1000042.WAV',
    );
  });

  it('describes other files in words', () => {
    expect(describeOther('DCIM/SETTINGS')).toEqual({ key: 'ingest.other.noExtension', params: {} });
    expect(describeOther('DCIM/README.txt')).toEqual({ key: 'ingest.other.text', params: { ext: 'TXT' } });
    expect(describeOther('DCIM/MVI_0001.MOV')).toEqual({ key: 'ingest.other.video', params: { ext: 'MOV' } });
  });
});

describe('HEIF details', () => {
  it('maps the container rotation and mirror to the EXIF orientation of the same transform', () => {
    expect(heifOrientation(undefined, undefined)).toBe(1);
    expect(heifOrientation(3, undefined)).toBe(6); // 270° counter-clockwise = 90° clockwise
    expect(heifOrientation(1, undefined)).toBe(8);
    expect(heifOrientation(2, undefined)).toBe(3);
    expect(heifOrientation(0, 0)).toBe(2);
    expect(heifOrientation(0, 1)).toBe(4);
  });

  it('reads the codec from the brands and keeps paths out of messages', () => {
    const ftyp = (major: string, ...compatible: string[]) => {
      const b = Buffer.alloc(16 + 4 * compatible.length);
      b.writeUInt32BE(b.length, 0);
      b.write(`ftyp${major}`, 4, 'latin1');
      compatible.forEach((c, i) => b.write(c, 16 + 4 * i, 'latin1'));
      return b;
    };
    expect(heifCodecOf(ftyp('heic', 'mif1'))).toBe('HEVC');
    expect(heifCodecOf(ftyp('mif1', 'avif'))).toBe('AV1');
    expect(heifCodecOf(Buffer.from('not a heif at all'))).toBeNull();
    expect(
      plainDetail('/home/p/job/originals/IMG_1.HEIC: bad seek to 833316', '/home/p/job/originals/IMG_1.HEIC'),
    ).toBe('bad seek to 833316');
    expect(plainDetail('VipsJpeg: Premature end of input file /tmp/x/y.jpg')).toBe(
      'VipsJpeg: Premature end of input file',
    );
  });
});
