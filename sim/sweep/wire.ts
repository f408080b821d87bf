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

function encodeValue(v: unknown): unknown {
  if (typeof v === 'number') return tagNumber(v);
  if (v === null || typeof v !== 'object') return v;
  if (ArrayBuffer.isView(v)) {
    const name = v.constructor.name as TypedName;
    if (!(name in TYPED)) throw new TypeError(`wire: cannot encode a ${name}`);
    return { $t: name, b: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
  }
  if (v instanceof Map) return { $m: [...v.entries()].map(([k, x]) => [encodeValue(k), encodeValue(x)]) };
  if (Array.isArray(v)) return v.map(encodeValue);
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = encodeValue(x);
  return out;
}

function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  if (typeof o.$n === 'string') return o.$n === '-0' ? -0 : Number(o.$n);
  if (typeof o.$t === 'string' && typeof o.b === 'string') {
    const bytes = Buffer.from(o.b, 'base64');
    const Ctor = TYPED[o.$t as TypedName];
    // copy into a fresh, aligned buffer: Buffer pools are not aligned for 8-byte elements
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    return new Ctor(copy.buffer, 0, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
  }
  if (Array.isArray(o.$m)) return new Map((o.$m as unknown[][]).map(([k, x]) => [decodeValue(k), decodeValue(x)]));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(o)) out[k] = decodeValue(x);
  return out;
}

/** Text for Redis; `fromWire(toWire(x))` deep-equals x (class prototypes aside). */
export const toWire = (value: unknown): string => JSON.stringify(encodeValue(value));
export const fromWire = <T>(text: string): T => decodeValue(JSON.parse(text)) as T;
