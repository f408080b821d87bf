import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { aggregateImages, type ImageAggregates } from './images.ts';
import { loadTimeseries, type Timeseries } from './timeseries.ts';
import { loadEvents, type EventSummary } from './events.ts';
import type { RunMeta, RunSummary } from './types.ts';

/** A run directory that cannot be reported on; the CLI turns it into a user error. */
export class RunDirError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunDirError';
  }
}

/** Everything a report needs from one run directory, already aggregated. */
export interface RunData {
  dir: string;
  /** Scenario name from summary.json (else the directory name). */
  name: string;
  summary: RunSummary;
  meta: RunMeta;
  images: ImageAggregates | null;
  timeseries: Timeseries | null;
  events: EventSummary | null;
}

export interface LoadOptions {
  /** Replication shown on timelines (default: the first in timeseries.csv). */
  replication?: number;
  /** Most points per timeline series. */
  maxTimelinePoints?: number;
}

/** Reads summary.json and aggregates images.csv, timeseries.csv and events.csv of one run directory. */
export async function loadRun(dir: string, opts: LoadOptions = {}): Promise<RunData> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new RunDirError(`${dir}: not a run directory (it does not exist)`);
  const summaryPath = path.join(dir, 'summary.json');
  if (!existsSync(summaryPath)) throw new RunDirError(`${dir}: no summary.json (expected the output of \`kiosk-sim run --out ${dir}\`)`);
  let summary: RunSummary;
  try {
    summary = JSON.parse(readFileSync(summaryPath, 'utf8')) as RunSummary;
  } catch (e) {
    throw new RunDirError(`${summaryPath}: not valid JSON (${(e as Error).message})`);
  }
  if (typeof summary !== 'object' || summary === null) throw new RunDirError(`${summaryPath}: expected a JSON object`);
  const file = (name: string) => {
    const p = path.join(dir, name);
    return existsSync(p) && statSync(p).size > 0 ? p : null;
  };
  const imagesPath = file('images.csv');
  const tsPath = file('timeseries.csv');
  const eventsPath = file('events.csv');
  const [images, timeseries] = await Promise.all([
    imagesPath ? aggregateImages(imagesPath) : Promise.resolve(null),
    tsPath ? loadTimeseries(tsPath, opts.replication, opts.maxTimelinePoints) : Promise.resolve(null),
  ]);
  const replication = timeseries?.replication ?? opts.replication ?? 1;
  const lastT = timeseries?.rows.at(-1)?.t ?? 0;
  const horizon = Math.max(lastT, summary.makespan_s?.max ?? 0);
  const events = eventsPath ? await loadEvents(eventsPath, replication, horizon) : null;
  return {
    dir,
    name: summary.scenario || path.basename(path.resolve(dir)),
    summary,
    meta: summary.meta ?? {},
    images,
    timeseries,
    events,
  };
}
