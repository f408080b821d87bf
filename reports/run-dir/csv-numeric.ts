import { openCsv } from './csv-stream.ts';

/** Exact powers of ten (all representable in a double up to 1e22). */
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Parses an ASCII decimal number in bytes [start, end). The fast path (optional sign, digits, one point, at most
 * 15 significant digits) divides two exact doubles, which is correctly rounded and so equals Number(text);
 * anything else (exponents, NaN, long mantissas) falls back to Number(). Empty -> NaN.
 */
export function parseAsciiNumber(buf: Uint8Array, start: number, end: number): number {
  if (end > start && buf[end - 1] === 13) end--; // tolerate CRLF
  if (end <= start) return NaN;
  let i = start;
  let negative = false;
  if (buf[i] === 45 /* - */) {
    negative = true;
    i++;
  } else if (buf[i] === 43 /* + */) i++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  let sawDigit = false;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      sawDigit = true;
      mantissa = mantissa * 10 + (c - 48);
      if (mantissa !== 0) digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 46 /* . */ && fraction < 0) fraction = 0;
    else return slow(buf, start, end);
  }
  if (!sawDigit || digits > 15 || fraction > 22) return slow(buf, start, end);
  const v = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
  return negative ? -v : v;
}

function slow(buf: Uint8Array, start: number, end: number): number {
  const text = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1').trim();
  return text === '' ? NaN : Number(text);
}

/**
 * Streams a numeric CSV (header row of names, then comma-separated numbers, no quoting) straight from bytes.
 * `onHeader` returns the column names it wants; `onRow` then receives their values in that order (NaN for
 * absent columns or empty fields). The values array is reused between rows. About 10x faster than split().
 */
export async function streamNumericCsv(
  path: string,
  onHeader: (columns: string[]) => readonly string[],
  onRow: (values: Float64Array) => void,
): Promise<number> {
  let slotOf: Int32Array | null = null; // column index -> output slot, -1 when not wanted
  let values = new Float64Array(0);
  let rows = 0;
  let carry: Buffer | null = null;
  let headerDone = false;

  const handleHeader = (line: string) => {
    const header = line.replace(/\r$/, '').split(',').map((s) => s.trim());
    const wanted = onHeader(header);
    slotOf = new Int32Array(header.length).fill(-1);
    wanted.forEach((name, slot) => {
      const col = header.indexOf(name);
      if (col >= 0) slotOf![col] = slot;
    });
    values = new Float64Array(wanted.length);
    headerDone = true;
  };

  /** Parses complete lines in buf[0, end); returns nothing. */
  const handleLines = (buf: Buffer, end: number) => {
    let pos = 0;
    if (!headerDone) {
      const nl = buf.indexOf(10, 0);
      if (nl < 0 || nl >= end) return;
      handleHeader(buf.toString('utf8', 0, nl));
      pos = nl + 1;
    }
    const slots = slotOf!;
    const ncols = slots.length;
    while (pos < end) {
      let col = 0;
      let fieldStart = pos;
      let blank = true;
      values.fill(NaN);
      let i = pos;
      for (; i < end; i++) {
        const c = buf[i]!;
        if (c === 44 /* , */ || c === 10 /* \n */) {
          if (col < ncols) {
            const slot = slots[col]!;
            if (slot >= 0) values[slot] = parseAsciiNumber(buf, fieldStart, i);
          }
          if (i > fieldStart && !(i - fieldStart === 1 && buf[fieldStart] === 13)) blank = false;
          col++;
          fieldStart = i + 1;
          if (c === 10) break;
        }
      }
      if (!(blank && col <= 1)) {
        onRow(values);
        rows++;
      }
      pos = i + 1;
    }
  };

  for await (const chunk of openCsv(path)) {
    const buf: Buffer = carry ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    const lastNl = buf.lastIndexOf(10);
    if (lastNl < 0) {
      carry = buf;
      continue;
    }
    handleLines(buf, lastNl + 1);
    carry = lastNl + 1 < buf.length ? Buffer.from(buf.subarray(lastNl + 1)) : null;
  }
  if (carry && carry.length > 0) {
    const tail = Buffer.concat([carry, Buffer.from('\n')]);
    handleLines(tail, tail.length);
  }
  return rows;
}
