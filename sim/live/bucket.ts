/**
 * The storage bucket of the live kiosk: a directory of real files. Every transfer reads or writes
 * real bytes (fs), so its time is what the disk and the kernel take, as the storage stage is
 * for the real kiosk's consumers. A "zip" is a gzip-compressed bundle of named files (our own
 * length-prefixed layout: what matters here is real bytes packed, unpacked and moved, not the zip
 * file format).
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import zlib from 'node:zlib';
import { promisify } from 'node:util';

const gzip = promisify(zlib.gzip);
const gunzip = promisify(zlib.gunzip);

export class Bucket {
  constructor(readonly dir: string) {}

  private file(name: string): string {
    if (name.includes('..') || path.isAbsolute(name)) throw new Error(`bucket object name "${name}" must be relative without ".."`);
    return path.join(this.dir, name);
  }

  async put(name: string, bytes: Uint8Array): Promise<void> {
    const f = this.file(name);
    await fs.mkdir(path.dirname(f), { recursive: true });
    await fs.writeFile(f, bytes);
  }

  async get(name: string): Promise<Buffer> {
    return fs.readFile(this.file(name));
  }

  async list(prefix: string): Promise<string[]> {
    const dir = this.file(prefix);
    try {
      return (await fs.readdir(dir)).map((f) => path.posix.join(prefix, f)).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }
}

export interface BundleEntry {
  name: string;
  bytes: Uint8Array;
}

/** [u32 count] then per entry [u32 name length][name utf-8][u32 data length][data], gzipped. */
export async function packBundle(entries: readonly BundleEntry[]): Promise<Buffer> {
  const parts: Buffer[] = [];
  const count = Buffer.alloc(4);
  count.writeUInt32LE(entries.length);
  parts.push(count);
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32LE(name.length);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(e.bytes.length);
    parts.push(head, name, len, Buffer.from(e.bytes.buffer, e.bytes.byteOffset, e.bytes.byteLength));
  }
  return gzip(Buffer.concat(parts));
}

export async function unpackBundle(packed: Uint8Array): Promise<BundleEntry[]> {
  const raw = await gunzip(packed);
  const out: BundleEntry[] = [];
  let at = 0;
  const u32 = () => {
    if (at + 4 > raw.length) throw new Error('bundle truncated');
    const v = raw.readUInt32LE(at);
    at += 4;
    return v;
  };
  const n = u32();
  for (let i = 0; i < n; i++) {
    const nameLength = u32();
    const name = raw.subarray(at, at + nameLength).toString('utf8');
    at += nameLength;
    const dataLength = u32();
    if (at + dataLength > raw.length) throw new Error('bundle truncated');
    out.push({ name, bytes: raw.subarray(at, at + dataLength) });
    at += dataLength;
  }
  return out;
}
