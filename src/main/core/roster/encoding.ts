/**
 * Text encoding of roster files. Schools hand over whatever their software or spreadsheet wrote:
 * UTF-8 with or without BOM, UTF-16 from "Unicode text" spreadsheet exports, or Windows-1252 /
 * ISO-8859-1 from older ONDE and Excel versions. Order of checks: BOM, UTF-16 without BOM (NUL
 * bytes every other byte), strict UTF-8, else Windows-1252 (a superset of ISO-8859-1 for text).
 * XML files declare their own encoding (SIECLE writes ISO-8859-15).
 */
import iconv from 'iconv-lite';

export interface Decoded {
  text: string;
  /** Human-readable name shown in the preview. */
  encoding: string;
}

function looksUtf16(buf: Uint8Array, zeroAt: 0 | 1): boolean {
  const n = Math.min(buf.length - (buf.length % 2), 400);
  if (n < 4) return false;
  let zeros = 0;
  for (let i = zeroAt; i < n; i += 2) if (buf[i] === 0) zeros += 1;
  return zeros / (n / 2) > 0.6;
}

/** Whether a decoded text looks like binary data rather than a roster (NUL or many control characters). */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 4000);
  let control = 0;
  for (const ch of sample) {
    const c = ch.charCodeAt(0);
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13) control += 1;
  }
  return control > sample.length / 100;
}

export function decodeText(buf: Buffer): Decoded {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
    return { text: buf.subarray(3).toString('utf8'), encoding: 'UTF-8 (BOM)' };
  if (buf[0] === 0xff && buf[1] === 0xfe)
    return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'UTF-16LE' };
  if (buf[0] === 0xfe && buf[1] === 0xff)
    return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'UTF-16BE' };
  if (looksUtf16(buf, 1)) return { text: iconv.decode(buf, 'utf-16le'), encoding: 'UTF-16LE' };
  if (looksUtf16(buf, 0)) return { text: iconv.decode(buf, 'utf-16be'), encoding: 'UTF-16BE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(buf), encoding: 'UTF-8' };
  } catch {
    return { text: iconv.decode(buf, 'win1252'), encoding: 'Windows-1252' };
  }
}

const DECLARED = /^<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/;

/** An XML document decoded with the encoding its declaration names (UTF-8 when none, BOMs honoured). */
export function decodeXml(buf: Buffer): Decoded {
  if (buf[0] === 0xef || buf[0] === 0xff || buf[0] === 0xfe) return decodeText(buf);
  const head = buf.subarray(0, 200).toString('latin1');
  const declared = DECLARED.exec(head)?.[1];
  if (declared && iconv.encodingExists(declared) && !/^utf-?8$/i.test(declared))
    return { text: iconv.decode(buf, declared), encoding: declared.toUpperCase() };
  return decodeText(buf);
}
