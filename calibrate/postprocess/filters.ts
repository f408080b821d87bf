/** Separable image filters on row-major Float32Array images: Gaussian smoothing and a square max filter. */

/** Applies a 1-D operation along rows, then along columns. */
function separable(
  src: Float32Array, height: number, width: number,
  line: (get: (i: number) => number, n: number, out: Float32Array) => void,
): Float32Array {
  const tmp = new Float32Array(src.length);
  const rowOut = new Float32Array(width);
  for (let y = 0; y < height; y++) {
    const base = y * width;
    line((i) => src[base + i]!, width, rowOut);
    tmp.set(rowOut, base);
  }
  const dst = new Float32Array(src.length);
  const colOut = new Float32Array(height);
  for (let x = 0; x < width; x++) {
    line((i) => tmp[i * width + x]!, height, colOut);
    for (let y = 0; y < height; y++) dst[y * width + x] = colOut[y]!;
  }
  return dst;
}

/** Gaussian blur with standard deviation sigma (pixels), kernel truncated at 3 sigma, edges clamped. */
export function gaussianBlur(src: Float32Array, height: number, width: number, sigma: number): Float32Array {
  if (sigma <= 0) return src;
  const r = Math.ceil(3 * sigma);
  const k = new Float32Array(2 * r + 1);
  let sum = 0;
  for (let i = -r; i <= r; i++) sum += k[i + r] = Math.exp(-(i * i) / (2 * sigma * sigma));
  for (let i = 0; i < k.length; i++) k[i]! /= sum;
  return separable(src, height, width, (get, n, out) => {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += k[j + r]! * get(Math.min(n - 1, Math.max(0, i + j)));
      out[i] = acc;
    }
  });
}

/** Maximum over the (2r+1)x(2r+1) square around each pixel (window clipped at the edges). */
export function maxFilter(src: Float32Array, height: number, width: number, r: number): Float32Array {
  return separable(src, height, width, (get, n, out) => {
    for (let i = 0; i < n; i++) {
      let m = -Infinity;
      const hi = Math.min(n - 1, i + r);
      for (let j = Math.max(0, i - r); j <= hi; j++) { const v = get(j); if (v > m) m = v; }
      out[i] = m;
    }
  });
}
