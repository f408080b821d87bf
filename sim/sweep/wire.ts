/**
 * JSON that keeps what plain JSON loses: non-finite numbers and -0 (KioskConfig has `crashMtbf:
 * Infinity`, per-image columns hold NaN), typed arrays (as base64 of their bytes) and Maps (the
 * time series). Runs cross Redis in this form, so a worker gets exactly the config the submitter
 * resolved and the submitter gets back exactly the numbers the worker computed.
 */
const TYPED = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array,
} as const;
type TypedName = keyof typeof TYPED;

function tagNumber(x: number): unknown {
  if (Number.isFinite(x)) return Object.is(x, -0) ? { $n: '-0' } : x;
  return { $n: String(x) };
}

/** `blobs`: where typed arrays' bytes go in the binary form (the JSON then names them by index); null: base64 inline. */
function encodeValue(v: unknown, blobs: Uint8Array[] | null = null): unknown {
  if (typeof v === 'number') return tagNumber(v);
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) throw new TypeError(`wire: cannot encode a ${name}`);
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (blobs) return { $t: name, i: blobs.push(bytes) - 1 };
    return { $t: name, b: Buffer.from(bytes).toString('base64') };
  }
  if (v instanceof Map) return { $m: [...v.entries()].map(([k, x]) => [encodeValue(k, blobs), encodeValue(x, blobs)]) };
  if (Array.isArray(v)) return v.map((x) => encodeValue(x, blobs));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x, blobs);
  return out;
}

function decodeValue(v: unknown, blobs: Uint8Array[] | null = null): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => decodeValue(x, blobs));
  const o = v as Record<string, unknown>;
  if (typeof o.$n === 'string') return o.$n === '-0' ? -0 : Number(o.$n);
  if (typeof o.$t === 'string' && (typeof o.b === 'string' || (blobs && typeof o.i === 'number'))) {
    const bytes = typeof o.b === 'string' ? Buffer.from(o.b, 'base64') : blobs![o.i as number]!;
    const Ctor = TYPED[o.$t as TypedName];
    // copy into a fresh, aligned buffer: Buffer pools are not aligned for 8-byte elements
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Ctor(copy.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  if (Array.isArray(o.$m)) return new Map((o.$m as unknown[][]).map(([k, x]) => [decodeValue(k, blobs), decodeValue(x, blobs)]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x, blobs);
  return out;
}

/** Text for Redis; `fromWire(toWire(x))` deep-equals x (class prototypes aside). */
export const toWire = (value: unknown): string => JSON.stringify(encodeValue(value));
export const fromWire = <T>(text: string): T => decodeValue(JSON.parse(text)) as T;

/**
 * The same in binary, for results (mostly per-image columns): a 4-byte length, the JSON (typed arrays named
 * by index, with their byte lengths), then each array's raw bytes. No base64 and no JSON of 10^6-value
 * columns: a 10^6-image result is ~56 MB instead of ~75 MB of text, and costs a copy instead of an encoding.
 */
export function toWireBuffer(value: unknown): Buffer {
  const blobs: Uint8Array[] = [];
  const head = Buffer.from(JSON.stringify({ v: encodeValue(value, blobs), n: blobs.map((b) => b.byteLength) }), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32LE(head.byteLength);
  return Buffer.concat([len, head, ...blobs]);
}

export function fromWireBuffer<T>(buf: Buffer): T {
  const headLength = buf.readUInt32LE(0);
  const { v, n } = JSON.parse(buf.toString('utf8', 4, 4 + headLength)) as { v: unknown; n: number[] };
  let at = 4 + headLength;
  const blobs = n.map((len) => buf.subarray(at, (at += len)));
  if (at !== buf.byteLength) throw new Error(`wire: expected ${at} bytes, found ${buf.byteLength}`);
  return decodeValue(v, blobs) as T;
}
