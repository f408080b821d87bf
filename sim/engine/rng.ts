import seedrandom from 'seedrandom';

/**
 * Named random-number streams (common random numbers).
 *
 * Each stream is a seedrandom `alea` generator seeded with a string built from the scenario seed and
 * the stream's name only; alea hashes that string with Baagoe's Mash function into its initial state.
 * So a stream's sequence is a pure function of (seed, name): adding, removing or reordering other
 * streams, or drawing more or fewer numbers from them, never changes it. Two scenarios compared under
 * the same seed therefore see the same arrivals even when one of them draws extra numbers elsewhere.
 */

/** One independent sequence of uniform numbers. */
export interface RandomStream {
  /** The name this stream was derived from. */
  readonly name: string;
  /** Next uniform number in [0, 1) (32 bits of randomness). */
  next(): number;
}

/** A scenario seed: an integer, or any string. */
export type Seed = number | string;

/** The string alea is seeded with; the NUL separator keeps (seed, name) pairs from colliding. */
function streamKey(seed: Seed, name: string): string {
  return `kiosk-sim\u0000${String(seed)}\u0000${name}`;
}

/** A raw alea generator for (seed, name), independent of any other (seed, name). */
export function aleaFor(seed: Seed, name: string): () => number {
  return seedrandom.alea(streamKey(seed, name));
}

/** The streams of one run: `new RandomStreams(seed).stream('arrivals').next()`. */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly seed: Seed) {
    if (typeof seed === 'number' && !Number.isFinite(seed)) throw new RangeError(`seed must be finite, got ${seed}`);
  }

  /** The stream called `name`; the same object on every call with that name. */
  stream(name: string): RandomStream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = { name, next: aleaFor(this.seed, name) };
      this.streams.set(name, s);
    }
    return s;
  }

  /** Names of the streams created so far, in creation order. */
  names(): string[] {
    return [...this.streams.keys()];
  }
}

/**
 * R distinct scenario seeds (unsigned 32-bit integers) for R replications of a run with `seed`.
 * Deterministic, and prefix-stable: the first R seeds are the same whatever larger R is asked for, so
 * adding replications keeps the earlier ones. Each is a full scenario seed: running it alone repeats
 * that replication exactly.
 */
export function deriveReplicationSeeds(seed: Seed, replications: number): number[] {
  if (!Number.isInteger(replications) || replications < 0) {
    throw new RangeError(`replications must be a non-negative integer, got ${replications}`);
  }
  const next = aleaFor(seed, '#replications');
  const seen = new Set<number>();
  const seeds: number[] = [];
  while (seeds.length < replications) {
    const s = Math.floor(next() * 0x1_0000_0000);
    if (seen.has(s)) continue; // a 32-bit collision: skip it so every replication differs
    seen.add(s);
    seeds.push(s);
  }
  return seeds;
}
