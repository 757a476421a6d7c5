/**
 * Zips as an attacker writes them, for the archive-limit tests: a minimal zip writer (local
 * headers, central directory, end record) taking already-deflated entries, so one deflated run of
 * a gigabyte of zeros (about 1 MB: deflate reaches ~1000:1 on zeros) is made once and reused, and
 * so the central directory can state a size that lies about what the entry inflates to.
 */
import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import yauzl from 'yauzl';

export interface RawEntry {
  name: string;
  /** 0: stored; 8: deflated. */
  method: 0 | 8;
  /** The bytes as stored in the archive (deflated when `method` is 8). */
  data: Buffer;
  crc: number;
  size: number;
  /** Uncompressed size the central directory announces (the truth by default). */
  declaredSize?: number;
  /** Sets the "encrypted" flag. */
  encrypted?: boolean;
}

export function deflatedEntry(name: string, data: Buffer): RawEntry {
  return { name, method: 8, data: zlib.deflateRawSync(data), crc: zlib.crc32(data), size: data.length };
}

/** `mib` MiB of zeros, deflated once (streamed: the zeros never sit in memory). */
export async function deflatedZeros(mib: number, file: string): Promise<RawEntry> {
  const chunk = Buffer.alloc(1024 * 1024);
  let crc = 0;
  for (let i = 0; i < mib; i += 1) crc = zlib.crc32(chunk, crc);
  let sent = 0;
  const zeros = new Readable({
    read() {
      this.push(sent++ < mib ? chunk : null);
    },
  });
  await pipeline(zeros, zlib.createDeflateRaw({ level: 9 }), createWriteStream(file));
  return { name: 'zeros', method: 8, data: await readFile(file), crc, size: mib * 1024 * 1024 };
}

/** A zip of these entries as bytes. */
export function writeZip(entries: readonly RawEntry[]): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const flags = 0x0800 | (e.encrypted ? 1 : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(e.method, 8);
    local.writeUInt32LE(0, 10);
    local.writeUInt32LE(e.crc >>> 0, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.declaredSize ?? e.size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(flags, 8);
    cd.writeUInt16LE(e.method, 10);
    cd.writeUInt32LE(0, 12);
    cd.writeUInt32LE(e.crc >>> 0, 16);
    cd.writeUInt32LE(e.data.length, 20);
    cd.writeUInt32LE(e.declaredSize ?? e.size, 24);
    cd.writeUInt16LE(name.length, 28);
    cd.writeUInt32LE(offset, 42);
    parts.push(local, name, e.data);
    central.push(cd, name);
    offset += local.length + name.length + e.data.length;
  }
  const cdBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cdBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, cdBytes, end]);
}

/** The entries of a real zip (a workbook exceljs wrote), to be written again next to a bomb. */
export async function entriesOf(buf: Buffer): Promise<RawEntry[]> {
  const zip = await yauzl.fromBufferPromise(buf, { lazyEntries: true });
  const out: RawEntry[] = [];
  for await (const entry of zip.eachEntry()) {
    if (entry.fileName.endsWith('/')) continue;
    const chunks: Buffer[] = [];
    const stream = await zip.openReadStreamPromise(entry);
    for await (const c of stream) chunks.push(c as Buffer);
    out.push(deflatedEntry(entry.fileName, Buffer.concat(chunks)));
  }
  zip.close();
  return out;
}
