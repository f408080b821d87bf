import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { aggregateImages, type ImageAggregates } from './images.ts';
import { loadTimeseries, type Timeseries } from './timeseries.ts';
import { loadEvents, type EventSummary } from './events.ts';
import type { RunMeta, RunSummary } from './types.ts';
import { imagesFileOf, RunDirError, validateRunDirectory } from './validate.ts';

/** A run directory that cannot be reported on; the CLI turns it into a user error. */
export { RunDirError };

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
  // summary.json's shape and the CSV files' headers and row counts, before anything is read for the report
  const checked = await validateRunDirectory(dir);
  const summary = checked as RunSummary;
  const file = (name: string) => {
    const p = path.join(dir, name);
    return existsSync(p) && statSync(p).size > 0 ? p : null;
  };
  const imagesName = imagesFileOf(dir, checked);
  const imagesPath = imagesName === null ? null : file(imagesName);
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
