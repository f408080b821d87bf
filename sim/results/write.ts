import { createWriteStream, mkdirSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { ReplicationResult } from './runResult.ts';
import type { RunSummary } from './summary.ts';
import { consoleTable } from './table.ts';

const IMAGE_COLUMNS = 'replication,image,zip,arrival_s,queue_wait_s,download_s,preprocess_s,serving_s,postprocess_s,upload_s,total_s,finish_s,retries,attempts';

const fmt = (x: number): string => (Number.isFinite(x) ? String(Math.round(x * 1e6) / 1e6) : '');

async function writeLines(file: string, header: string, rows: (emit: (line: string) => void) => void): Promise<void> {
  const out = createWriteStream(file);
  let buf: string[] = [header];
  let size = 0;
  const pending: Promise<void>[] = [];
  const flush = () => {
    const chunk = buf.join('\n') + '\n';
    buf = [];
    size = 0;
    if (!out.write(chunk)) pending.push(new Promise((r) => out.once('drain', () => r())));
  };
  rows((line) => {
    buf.push(line);
    if (++size >= 20000) flush();
  });
  flush();
  await Promise.all(pending);
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
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
  await writeLines(path.join(tmp, 'images.csv'), IMAGE_COLUMNS, (emit) => {
    reps.forEach((r, k) => {
      const rec = r.record;
      for (let i = 0; i < rec.count; i++) {
        const enq = rec.enqueued[i]!;
        emit(
          `${k},${i},${rec.zip[i]},${fmt(enq)},${fmt(rec.popped[i]! - enq)},${fmt(rec.download[i]!)},${fmt(rec.preprocess[i]!)},${fmt(rec.serving[i]!)},${fmt(rec.postprocess[i]!)},${fmt(rec.upload[i]!)},${fmt(rec.finished[i]! - enq)},${fmt(rec.finished[i]!)},${rec.retries[i]},${rec.attempts[i]}`,
        );
      }
    });
  });
  const names = [...new Set(reps.flatMap((r) => [...r.timeseries.columns.keys()]))];
  await writeLines(path.join(tmp, 'timeseries.csv'), ['replication', 't_s', ...names].join(','), (emit) => {
    reps.forEach((r, k) => {
      const ts = r.timeseries;
      const cols = names.map((n) => ts.columns.get(n));
      for (let j = 0; j < ts.t.length; j++) {
        emit([k, fmt(ts.t[j]!), ...cols.map((c) => (c ? fmt(c[j]!) : ''))].join(','));
      }
    });
  });
  await writeLines(path.join(tmp, 'events.csv'), 'replication,t_s,kind,target,detail', (emit) => {
    reps.forEach((r, k) => {
      for (const e of r.events) emit(`${k},${fmt(e.t)},${e.kind},${e.target},"${e.detail.replace(/"/g, '""')}"`);
    });
  });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
  renameSync(tmp, dir);
  return ['summary.json', 'scenario.json', 'summary.txt', 'images.csv', 'timeseries.csv', 'events.csv'].map((f) => path.join(dir, f));
}
