import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { standardNormal } from '../../sim/engine/ziggurat.ts';
import { RandomStreams, type RandomStream } from '../../sim/engine/rng.ts';
import { normalCdf, normalQuantile } from '../../sim/engine/special.ts';

// Every tolerance is a two-sided 99.99% interval of the statistic under a true standard normal
// (z = 3.89), or a chi-square / Kolmogorov critical value at alpha = 0.001; the seeds are fixed.
const Z = 3.89;
const N = 2_000_000;
const R = 3.442619855899; // where the ziggurat's tail starts (sim/engine/ziggurat.ts)

/** A stream that counts the uniforms drawn from it. */
function counted(seed: number, name: string): RandomStream & { uniforms: number } {
  const inner = new RandomStreams(seed).stream(name);
  const s = { name, uniforms: 0, next: () => (s.uniforms++, inner.next()) };
  return s;
}

const stream = counted(7, 'ziggurat');
const xs = new Float64Array(N);
let oneUniform = 0; // variates that took exactly one uniform (the first point fell in its layer's inner box)
for (let i = 0; i < N; i++) {
  const before = stream.uniforms;
  xs[i] = standardNormal(stream);
  if (stream.uniforms === before + 1) oneUniform++;
}
const sorted = Float64Array.from(xs).sort();

test('the first four moments are those of N(0, 1)', () => {
  let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
  for (const x of xs) {
    const x2 = x * x;
    m1 += x;
    m2 += x2;
    m3 += x2 * x;
    m4 += x2 * x2;
  }
  m1 /= N; m2 /= N; m3 /= N; m4 /= N;
  // standard errors of the raw moments of N(0,1): sqrt(Var(X^k) / N) with Var X = 1, Var X^2 = 2, Var X^3 = 15, Var X^4 = 96
  assert.ok(Math.abs(m1) < Z * Math.sqrt(1 / N), `mean ${m1}`);
  assert.ok(Math.abs(m2 - 1) < Z * Math.sqrt(2 / N), `E X^2 ${m2}`);
  assert.ok(Math.abs(m3) < Z * Math.sqrt(15 / N), `E X^3 ${m3}`);
  assert.ok(Math.abs(m4 - 3) < Z * Math.sqrt(96 / N), `E X^4 ${m4}`);
});

test('Kolmogorov-Smirnov against Phi: D below its alpha = 0.001 critical value', () => {
  let d = 0;
  for (let i = 0; i < N; i++) {
    const F = normalCdf(sorted[i]!);
    d = Math.max(d, Math.abs(F - i / N), Math.abs((i + 1) / N - F));
  }
  assert.ok(d < 1.95 / Math.sqrt(N), `D = ${d}`);
});

test('chi-square over 1000 equiprobable bins (fine enough to see a wedge or a layer edge off)', () => {
  const bins = 1000;
  const counts = new Float64Array(bins);
  const edges = Array.from({ length: bins - 1 }, (_, k) => normalQuantile((k + 1) / bins));
  let b = 0;
  for (const x of sorted) {
    while (b < bins - 1 && x >= edges[b]!) b++;
    counts[b]++;
  }
  const e = N / bins;
  let chi2 = 0;
  for (const c of counts) chi2 += (c - e) ** 2 / e;
  const df = bins - 1;
  assert.ok(chi2 < df + 3.09 * Math.sqrt(2 * df), `chi2 = ${chi2} on ${df} df`); // Wilson-Hilferty-free normal approximation, alpha 0.001
});

test('the tails beyond R (drawn by rejection) have the right mass, sign balance and shape', () => {
  const tail = [...xs].filter((x) => Math.abs(x) > R);
  const p = 2 * (1 - normalCdf(R));
  const sd = Math.sqrt(N * p * (1 - p));
  assert.ok(Math.abs(tail.length - N * p) < Z * sd, `${tail.length} beyond +-R, expected ${N * p}`);
  const positive = tail.filter((x) => x > 0).length;
  assert.ok(Math.abs(positive - tail.length / 2) < Z * Math.sqrt(tail.length / 4), `${positive} of ${tail.length} positive`);
  // conditional CDF of |x| beyond R
  const a = tail.map(Math.abs).sort((u, v) => u - v);
  const q = 1 - normalCdf(R);
  let d = 0;
  a.forEach((x, i) => {
    const F = (normalCdf(x) - normalCdf(R)) / q;
    d = Math.max(d, Math.abs(F - i / a.length), Math.abs((i + 1) / a.length - F));
  });
  assert.ok(d < 1.95 / Math.sqrt(a.length), `tail D = ${d} over ${a.length}`);
  assert.ok(Math.max(...a) > 4.5, 'the tail reaches past 4.5 sd in 2 x 10^6 draws (P(all below) ~ 1e-5)');
});

test('consecutive draws are uncorrelated, and so are a draw and the sign of the next', () => {
  let c = 0;
  let cs = 0;
  for (let i = 1; i < N; i++) {
    c += xs[i]! * xs[i - 1]!;
    cs += xs[i - 1]! * Math.sign(xs[i]!);
  }
  assert.ok(Math.abs(c / N) < Z / Math.sqrt(N), `lag-1 correlation ${c / N}`);
  assert.ok(Math.abs(cs / N) < Z / Math.sqrt(N), `lag-1 sign correlation ${cs / N}`);
});

test('one uniform for 97.24% of the variates (the inner boxes of the 128 layers); the same stream gives the same variates', () => {
  const p = 0.972440397; // (1/128) sum of KEEP[i] / 2^24, from the layer table
  assert.ok(Math.abs(oneUniform / N - p) < Z * Math.sqrt((p * (1 - p)) / N), `${oneUniform / N} of the variates from one uniform`);
  const perVariate = stream.uniforms / N;
  assert.ok(perVariate < 1.06, `${perVariate} uniforms per variate`);
  const again = counted(7, 'ziggurat');
  for (let i = 0; i < 1000; i++) assert.is(standardNormal(again), xs[i]);
});

test.run();
