/**
 * Benchmark: the report of a 1 M-image run (images.csv with 10^6 rows, ~85 MB, plus a 5 s timeseries) must render
 * in <= 10 s (issue 6). Generates the run directory in a temp folder (not timed), then times writeReport.
 * Prints one JSON line. Run: npx tsx test/bench/report.bench.ts [images]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { makeRunDir } from '../fixtures/reports/make-run-dir.ts';
import { writeReport } from '../../reports/index.ts';

const images = Number(process.argv[2] ?? 1_000_000);
const base = mkdtempSync(path.join(tmpdir(), 'kiosk-report-bench-'));
try {
  const g0 = performance.now();
  const dir = makeRunDir(path.join(base, 'run'), { images, gpuMax: 8, startDelay: 0.5, replications: 1, sampleEvery: 5, seed: 1 });
  const generate_s = (performance.now() - g0) / 1000;
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let last = t0;
  const phases: Record<string, number> = {};
  const result = await writeReport([dir], path.join(base, 'report'), {
    log: (line) => {
      const now = performance.now();
      phases[line.trim()] = Number(((now - last) / 1000).toFixed(2)); // time up to this line: the step it closes
      last = now;
    },
  });
  const wall_s = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const cpu_s = (cpu.user + cpu.system) / 1e6; // CPU time is what contention on a shared machine does not inflate
  console.error(`phases (s, each up to its line): ${JSON.stringify(phases)}`);
  console.log(JSON.stringify({
    name: images === 1_000_000 ? 'report-1m' : `report-${images}`,
    rows: images,
    images_csv_bytes: statSync(path.join(dir, 'images.csv')).size,
    files: result.files.length,
    html_bytes: statSync(result.html).size,
    generate_s: Number(generate_s.toFixed(2)),
    wall_s: Number(wall_s.toFixed(2)),
    cpu_s: Number(cpu_s.toFixed(2)),
    load_avg_1m: Number(loadavg()[0]!.toFixed(2)),
    limit_s: 10,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }));
} finally {
  rmSync(base, { recursive: true, force: true });
}
