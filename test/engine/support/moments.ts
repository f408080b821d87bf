import * as assert from 'uvu/assert';

/** Two-sided 99.9% standard normal quantile: tests of sample moments fail by chance 1 time in 1000. */
export const Z999 = 3.2905;

/** Draws n values from `sample` into a Float64Array. */
export function drawMany(sample: () => number, n: number): Float64Array {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = sample();
  return xs;
}

/**
 * Checks the sample mean and variance of `xs` against theory with confidence-interval tolerances:
 * mean within z sqrt(variance / n); sample variance within z sqrt((m4 - s^4) / n), where m4 is the
 * sample fourth central moment (the large-sample standard error of s^2).
 */
export function assertMoments(xs: Float64Array, mean: number, variance: number, what: string, z = Z999): void {
  const n = xs.length;
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  let m2 = 0;
  let m4 = 0;
  for (const x of xs) {
    const d = (x - m) ** 2;
    m2 += d;
    m4 += d * d;
  }
  const s2 = m2 / (n - 1);
  m4 /= n;
  const meanTol = z * Math.sqrt(variance / n);
  assert.ok(Math.abs(m - mean) <= meanTol, `${what}: mean ${m} vs ${mean} (tolerance ${meanTol})`);
  const varTol = z * Math.sqrt(Math.max(m4 - s2 * s2, 0) / n);
  assert.ok(Math.abs(s2 - variance) <= varTol + 1e-12, `${what}: variance ${s2} vs ${variance} (tolerance ${varTol})`);
}
