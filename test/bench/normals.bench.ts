// Standard normal variates: sim/engine/ziggurat.ts against the Box-Muller it replaced (log, sqrt and cos of
// two uniforms), both on alea streams as the model draws them, 6 x 10^6 variates (the headline's count)
// per repetition, 7 interleaved repetitions after a warm-up. One JSON line: `npm run bench -- normals`.
import { standardNormal } from '../../sim/engine/ziggurat.ts';
import { RandomStreams, type RandomStream } from '../../sim/engine/rng.ts';

const n = 6_000_000;

/** The peer: Box-Muller, one variate of each pair (the model's generator before 2026-12-02). */
function boxMuller(stream: RandomStream): number {
  const r = Math.sqrt(-2 * Math.log(1 - stream.next()));
  return r * Math.cos(2 * Math.PI * stream.next());
}

function nsPerVariate(draw: (s: RandomStream) => number, seed: number): number {
  const stream = new RandomStreams(seed).stream('bench.normals');
  let sink = 0;
  const t = performance.now();
  for (let i = 0; i < n; i++) sink += draw(stream);
  const ns = ((performance.now() - t) * 1e6) / n;
  if (!Number.isFinite(sink)) throw new Error('unreachable');
  return ns;
}

const times = { ziggurat: [] as number[], boxMuller: [] as number[] };
nsPerVariate(standardNormal, 0);
nsPerVariate(boxMuller, 0);
for (let rep = 1; rep <= 7; rep++) {
  times.ziggurat.push(nsPerVariate(standardNormal, rep));
  times.boxMuller.push(nsPerVariate(boxMuller, rep));
}
const best = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
console.log(JSON.stringify({
  name: 'standard-normal',
  variates: n,
  ziggurat_ns: { best: +best(times.ziggurat).toFixed(1), median: +median(times.ziggurat).toFixed(1) },
  box_muller_ns: { best: +best(times.boxMuller).toFixed(1), median: +median(times.boxMuller).toFixed(1) },
  box_muller_over_ziggurat: { best: +(best(times.boxMuller) / best(times.ziggurat)).toFixed(2), median: +(median(times.boxMuller) / median(times.ziggurat)).toFixed(2) },
}));
