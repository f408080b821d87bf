/**
 * The predict server's models by input shape, least recently used first out. The built-in architectures
 * are built per tile size, and every model holds its weights (MBs to 100s of MBs), so a client cycling
 * through tile sizes must not grow the server without limit: past `limit` shapes the least recently used
 * model is disposed. A predictor shared by several shapes (a loaded model directory serves every
 * shape) is disposed only when no remaining shape uses it.
 */
import type { Predictor } from '../models/load.ts';

/** A sweep uses one to a few tile sizes (calibrate's default is one, 256); 4 keeps them all warm. */
export const SHAPE_CACHE_LIMIT = 4;

export class ShapeCache {
  private readonly entries = new Map<string, Predictor>();

  constructor(private readonly build: (tileHeight: number, tileWidth: number) => Predictor, readonly limit = SHAPE_CACHE_LIMIT) {
    if (!(Number.isInteger(limit) && limit >= 1)) throw new RangeError(`shape cache limit must be an integer >= 1, got ${limit}`);
  }

  get size(): number { return this.entries.size; }

  get(tileHeight: number, tileWidth: number): Predictor {
    const key = `${tileHeight}x${tileWidth}`;
    let predictor = this.entries.get(key);
    if (predictor) {
      this.entries.delete(key); // re-insert: a Map iterates in insertion order, so the front is least recently used
    } else {
      predictor = this.build(tileHeight, tileWidth);
    }
    this.entries.set(key, predictor);
    while (this.entries.size > this.limit) {
      const [oldKey, old] = this.entries.entries().next().value as [string, Predictor];
      this.entries.delete(oldKey);
      if (![...this.entries.values()].includes(old)) old.dispose();
    }
    return predictor;
  }

  dispose(): void {
    new Set(this.entries.values()).forEach((p) => p.dispose());
    this.entries.clear();
  }
}
