// The summary's latency columns: six kinds of 10^6 finished images written each into a new Float64Array
// (as summarizeRecords did before 2026-12-02) or in turn into one (sim/results/latency.ts now), each first
// call in a fresh process being what a run pays: a new 8 MB column costs page faults and zeroing before its
// first value. Runs each variant in its own child process, 5 interleaved times. `npm run bench -- summaryColumn`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const n = 1_000_000;

function fill(out: Float64Array, status: Uint8Array, a: Float64Array, b: Float64Array): void {
  let k = 0;
  for (let i = 0; i < n; i++) if (status[i] === 2) out[k++] = a[i]! - b[i]!;
}

if (process.argv[2] === '--child') {
  const status = new Uint8Array(n).fill(2);
  const a = Float64Array.from({ length: n }, (_, i) => i * 1.5);
  const b = Float64Array.from({ length: n }, (_, i) => i * 0.5);
  const t = performance.now();
  if (process.argv[3] === 'fresh') for (let kind = 0; kind < 6; kind++) fill(new Float64Array(n), status, a, b);
  else {
    const column = new Float64Array(n);
    for (let kind = 0; kind < 6; kind++) fill(column, status, a, b);
  }
  process.stdout.write(String(performance.now() - t));
} else {
  const self = fileURLToPath(import.meta.url);
  const ms: Record<'fresh' | 'reused', number[]> = { fresh: [], reused: [] };
  for (let rep = 0; rep < 5; rep++) {
    for (const v of ['fresh', 'reused'] as const) {
      const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', v], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
      ms[v].push(Number(r.stdout));
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  console.log(JSON.stringify({ name: 'summary-latency-columns', images: n, kinds: 6, fresh_ms: ms.fresh.map((x) => +x.toFixed(1)), reused_ms: ms.reused.map((x) => +x.toFixed(1)), median_saved_ms: +(median(ms.fresh) - median(ms.reused)).toFixed(1) }));
}
