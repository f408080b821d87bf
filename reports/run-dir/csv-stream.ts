import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';

/**
 * The bytes of a CSV file, decompressed when its name ends in ".gz" (run --images-file images.csv.gz): readers
 * see the same lines either way. A damaged .gz file fails the read with zlib's message.
 */
export function openCsv(path: string): Readable {
  const raw = createReadStream(path, { highWaterMark: 1 << 22 });
  if (!path.endsWith('.gz')) return raw;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  raw.on('error', (e) => gunzip.destroy(e));
  return raw.pipe(gunzip);
}

/**
 * Streams a simple CSV file (comma-separated, no quoted fields, as the simulator writes them) line by line.
 * `onHeader` receives the header's column names; `onRow` receives each data row's fields (the array is reused
 * between calls: copy what you keep). Blank lines are skipped; a missing trailing newline is fine.
 */
export async function streamCsv(
  path: string,
  onHeader: (columns: string[]) => void,
  onRow: (fields: string[]) => void,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let headerSeen = false;
  const line = (text: string) => {
    if (text.length === 0 || text === '\r') return;
    const clean = text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text;
    const fields = clean.split(',');
    if (!headerSeen) {
      headerSeen = true;
      onHeader(fields.map((f) => f.trim()));
    } else onRow(fields);
  };
  const stream = openCsv(path);
  for await (const chunk of stream) {
    const text = rest + decoder.write(chunk as Buffer);
    let start = 0;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      line(text.slice(start, nl));
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  line(rest + decoder.end());
}

/** Index of each named column in a header, -1 where it is absent. */
export function columnIndex<const K extends readonly string[]>(header: readonly string[], names: K): Record<K[number], number> {
  const out = {} as Record<K[number], number>;
  for (const n of names) out[n as K[number]] = header.indexOf(n);
  return out;
}

/** A field as a number (NaN when the column is absent or the field is empty). */
export function numberAt(fields: readonly string[], index: number): number {
  if (index < 0) return NaN;
  const s = fields[index];
  return s === undefined || s === '' ? NaN : Number(s);
}
