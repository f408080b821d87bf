/**
 * Marker-controlled watershed by priority flooding (Meyer's algorithm), 4-connected.
 *
 * Starting from the labelled marker pixels, the lowest pixel on the flooding front is taken next and
 * gives its label to its unlabelled neighbours inside the mask. Ties leave in insertion order, so the
 * result is deterministic.
 */

/** A binary min-heap of pixel indices keyed by (elevation, insertion order), on typed arrays. */
class PixelHeap {
  private readonly key: Float64Array;
  private readonly order: Float64Array;
  private readonly pixel: Int32Array;
  private n = 0;
  private seq = 0;
  constructor(capacity: number) {
    this.key = new Float64Array(capacity);
    this.order = new Float64Array(capacity);
    this.pixel = new Int32Array(capacity);
  }
  get size(): number { return this.n; }
  private less(i: number, j: number): boolean {
    return this.key[i]! < this.key[j]! || (this.key[i] === this.key[j] && this.order[i]! < this.order[j]!);
  }
  private swap(i: number, j: number): void {
    const k = this.key[i]!, o = this.order[i]!, p = this.pixel[i]!;
    this.key[i] = this.key[j]!; this.order[i] = this.order[j]!; this.pixel[i] = this.pixel[j]!;
    this.key[j] = k; this.order[j] = o; this.pixel[j] = p;
  }
  push(pixel: number, key: number): void {
    let i = this.n++;
    this.key[i] = key; this.order[i] = this.seq++; this.pixel[i] = pixel;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): number {
    const top = this.pixel[0]!;
    this.n--;
    if (this.n > 0) {
      this.swap(0, this.n);
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < this.n && this.less(l, m)) m = l;
        if (r < this.n && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}

/**
 * Floods `elevation` from `markers` (0 = unlabelled, k > 0 = marker k) within `mask` (null: everywhere).
 * Returns a new label image; pixels not reached (outside the mask) stay 0.
 */
export function markerWatershed(
  elevation: Float32Array, markers: Int32Array, mask: Uint8Array | null, height: number, width: number,
): Int32Array {
  const labels = Int32Array.from(markers);
  const heap = new PixelHeap(elevation.length);
  for (let p = 0; p < labels.length; p++) {
    if (labels[p]! > 0) heap.push(p, elevation[p]!);
  }
  const visit = (q: number, label: number) => {
    if (labels[q] === 0 && (mask === null || mask[q])) {
      labels[q] = label;
      heap.push(q, elevation[q]!);
    }
  };
  while (heap.size > 0) {
    const p = heap.pop();
    const label = labels[p]!;
    const x = p % width, y = (p - x) / width;
    if (x > 0) visit(p - 1, label);
    if (x < width - 1) visit(p + 1, label);
    if (y > 0) visit(p - width, label);
    if (y < height - 1) visit(p + width, label);
  }
  return labels;
}

/** Labels 8-connected components of a binary image; returns labels 1..count. */
export function labelComponents(binary: Uint8Array, height: number, width: number): { labels: Int32Array; count: number } {
  const labels = new Int32Array(binary.length);
  const stack = new Int32Array(binary.length);
  let count = 0;
  for (let start = 0; start < binary.length; start++) {
    if (!binary[start] || labels[start]) continue;
    labels[start] = ++count;
    let top = 0;
    stack[top++] = start;
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % width, y = (p - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const q = yy * width + xx;
          if (binary[q] && !labels[q]) { labels[q] = count; stack[top++] = q; }
        }
      }
    }
  }
  return { labels, count };
}

/** Drops objects smaller than minSize pixels and renumbers the rest 1..count in first-seen order. */
export function removeSmallObjects(labels: Int32Array, minSize: number): { labels: Int32Array; count: number } {
  let max = 0;
  for (const l of labels) if (l > max) max = l;
  const size = new Int32Array(max + 1);
  for (const l of labels) size[l]!++;
  const remap = new Int32Array(max + 1);
  let count = 0;
  const out = new Int32Array(labels.length);
  for (let p = 0; p < labels.length; p++) {
    const l = labels[p]!;
    if (l === 0 || size[l]! < minSize) continue;
    if (remap[l] === 0) remap[l] = ++count;
    out[p] = remap[l]!;
  }
  return { labels: out, count };
}
