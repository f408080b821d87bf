/**
 * Reading a file the user named (scenario, extended file, price table, serving profile, trace) safely:
 * only regular files (a FIFO, /dev/zero or a directory would block or never end), of bounded size
 * (checked with fstat on the open descriptor before reading, so a file swapped in between cannot
 * slip past), decoded as strict UTF-8 (Latin-1 or binary input is refused with its line and byte
 * offset instead of turning names into mojibake). Errors are UserErrors naming the file.
 */
import fs from 'node:fs';
import { UserError } from './userError.ts';

const MiB = 2 ** 20;

/**
 * Largest file of each kind, in bytes, with the reason:
 * - yaml 1 MiB: a scenario or price table is a few kB (the largest committed scenario is ~2 kB); 1 MiB
 *   is ~500x that, and parsing 1 MiB of YAML takes well under a second.
 * - profile 16 MiB: committed serving profiles are ~4 kB; 16 MiB leaves room for per-size tables.
 * - trace 256 MiB: ~20 M arrival rows of ~12 bytes; V8 cannot hold a string of more than ~512 Mi
 *   characters, so a larger file could not be read at all.
 */
export const MAX_FILE_BYTES = { yaml: 1 * MiB, profile: 16 * MiB, trace: 256 * MiB } as const;
export type FileKind = keyof typeof MAX_FILE_BYTES;

const WHY: Record<FileKind, string> = {
  yaml: 'scenario and price files are a few kB',
  profile: 'serving profiles are a few kB',
  trace: 'a larger trace would not fit in one string',
};

function mib(bytes: number): string {
  return `${+(bytes / MiB).toPrecision(3)} MiB`;
}

/** Line (1-based) and byte offset of the first byte that is not valid UTF-8. */
export function firstInvalidUtf8(buf: Uint8Array): { offset: number; line: number } | undefined {
  let line = 1;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      if (b === 0x0a) line++;
      i++;
      continue;
    }
    // lead byte -> sequence length and the allowed range of the second byte (RFC 3629, table 3-7)
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return { offset: i, line };
    if (i + n > buf.length) return { offset: i, line };
    const second = buf[i + 1]!;
    if (second < lo || second > hi) return { offset: i, line };
    for (let k = 2; k < n; k++) {
      const c = buf[i + k]!;
      if (c < 0x80 || c > 0xbf) return { offset: i, line };
    }
    i += n;
  }
  return undefined;
}

/** Strict UTF-8 text of `buf` (a leading BOM dropped), or a UserError with line and byte offset. */
export function decodeUtf8(buf: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    const at = firstInvalidUtf8(buf) ?? { offset: 0, line: 1 };
    const byte = buf[at.offset];
    const shown = byte === undefined ? '' : ` (0x${byte.toString(16).padStart(2, '0')})`;
    throw new UserError(`${file}:${at.line}: expected UTF-8 text, found an invalid byte${shown} at byte offset ${at.offset}; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);
  }
}

/** The text of a regular file of at most MAX_FILE_BYTES[kind] bytes, as strict UTF-8. */
export function readTextFile(file: string, kind: FileKind): string {
  const limit = MAX_FILE_BYTES[kind];
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (code ?? 'cannot open');
    throw new UserError(`${file}: cannot read the file: ${why}`);
  }
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) throw new UserError(`${file}: cannot read the file: it is a directory`);
    if (!st.isFile()) throw new UserError(`${file}: cannot read the file: expected a regular file, found a device, FIFO or socket`);
    if (st.size > limit) throw new UserError(`${file}: expected a file of at most ${mib(limit)} (${WHY[kind]}), found ${mib(st.size)}`);
    // read at most limit + 1 bytes whatever fstat said: a file that grows after fstat, or a /proc file
    // that reports size 0, is still bounded
    const chunks: Buffer[] = [];
    let got = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit + 1 - got));
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      got += n;
      if (got > limit) throw new UserError(`${file}: expected a file of at most ${mib(limit)} (${WHY[kind]}), found a larger one`);
    }
    const buf = Buffer.concat(chunks, got);
    return decodeUtf8(buf, file);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: cannot read the file: ${(e as { code?: string }).code ?? (e as Error).message}`);
  } finally {
    fs.closeSync(fd);
  }
}
