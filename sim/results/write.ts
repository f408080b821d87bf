import { createWriteStream, mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ReplicationResult } from './runResult.ts';
import type { RunSummary } from './summary.ts';
import { consoleTable } from './table.ts';

const IMAGE_COLUMNS = 'replication,image,zip,arrival_s,queue_wait_s,download_s,preprocess_s,serving_s,postprocess_s,upload_s,total_s,finish_s,retries,attempts';

const fmt = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');

/** Writes `header` and the lines produced by `rows`, in chunks, waiting for the stream to drain. */
async function writeLines(file: string, header: string, rows: () => Iterable<string>): Promise<void> {
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
  let buf: string[] = [header];
  for (const line of rows()) {
    buf.push(line);
    if (buf.length >= 20000) {
      const ok = out.write(buf.join('\n') + '\n');
      buf = [];
      if (!ok) await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  out.end(buf.length ? buf.join('\n') + '\n' : '');
  await done;
}

/**
 * Writes a run directory: summary.json, images.csv, timeseries.csv, events.csv, scenario.json and
 * summary.txt. Files go to a temporary folder first and are moved into place at the end, so a
 * failed run never leaves a half-written directory.
 */
export async function writeRunDirectory(dir: string, summary: RunSummary, reps: ReplicationResult[], resolvedScenario: unknown): Promise<string[]> {
  const tmp = `${dir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(path.join(tmp, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(path.join(tmp, 'scenario.json'), JSON.stringify(resolvedScenario, null, 2) + '\n');
  writeFileSync(path.join(tmp, 'summary.txt'), consoleTable(summary) + '\n');
  await writeLines(path.join(tmp, 'images.csv'), IMAGE_COLUMNS, function* () {
    for (const [k, r] of reps.entries()) {
      const rec = r.record;
      for (let i = 0; i < rec.count; i++) {
        const enq = rec.enqueued[i]!;
        yield (
          `${k},${i},${rec.zip[i]},${fmt(enq)},${fmt(rec.popped[i]! - enq)},${fmt(rec.download[i]!)},${fmt(rec.preprocess[i]!)},${fmt(rec.serving[i]!)},${fmt(rec.postprocess[i]!)},${fmt(rec.upload[i]!)},${fmt(rec.finished[i]! - enq)},${fmt(rec.finished[i]!)},${rec.retries[i]},${rec.attempts[i]}`
        );
      }
    }
  });
  const names = [...new Set(reps.flatMap((r) => [...r.timeseries.columns.keys()]))];
  await writeLines(path.join(tmp, 'timeseries.csv'), ['replication', 't_s', ...names].join(','), function* () {
    for (const [k, r] of reps.entries()) {
      const ts = r.timeseries;
      const cols = names.map((n) => ts.columns.get(n));
      for (let j = 0; j < ts.times.length; j++) yield [k, fmt(ts.times[j]!), ...cols.map((c) => (c ? fmt(c[j]!) : ''))].join(',');
    }
  });
  await writeLines(path.join(tmp, 'events.csv'), 'replication,t_s,kind,target,detail', function* () {
    for (const [k, r] of reps.entries()) {
      for (const e of r.events) yield `${k},${fmt(e.t)},${e.kind},${e.target},"${e.detail.replace(/"/g, '""')}"`;
    }
  });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  renameSync(tmp, dir);
  return ['summary.json', 'scenario.json', 'summary.txt', 'images.csv', 'timeseries.csv', 'events.csv'].map((f) => path.join(dir, f));
}
