/**
 * A sweep: one scenario, a grid of settings, every point run with the same replications (the
 * same seeds: common random numbers, so differences between points are the settings', not seed
 * noise). Every point is loaded and validated before the first run; the output directory is
 * written only when every run has finished.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError, isUserError } from '../scenario/userError.ts';
import { scenarioMeta } from '../results/meta.ts';
import { summarize, type RunSummary } from '../results/summary.ts';
import { writeRunDirectory } from '../results/write.ts';
import { loadScenario, type LoadedScenario } from '../scenario/load.ts';
import { runBatch, type BatchProgress } from './batch.ts';
import { expandGrid, parseGrids, type GridAxis, type GridPoint } from './grid.ts';
import { checkSweepDir, writeSweepDir } from './outDir.ts';
import { groupByScenario, onScenarioDone, replicationTasks } from './replications.ts';
import { sweepCsv, sweepDocument, type SweepDocument } from './table.ts';
import type { Executor } from './task.ts';

export interface SweepOptions {
  file: string;
  grids: string[];
  /** --set, --seed and -r overrides, applied to every point before the grid's. */
  overrides: string[];
  out: string;
  keepRuns: boolean;
  name?: string;
}

export interface PreparedSweep {
  name: string;
  axes: GridAxis[];
  points: GridPoint[];
  scenarios: LoadedScenario[];
}

/** Parses the grid and loads every point: all the user's mistakes surface here, before any run. */
export function prepareSweep(o: SweepOptions): PreparedSweep {
  const base = loadScenario(o.file, o.overrides);
  const axes = parseGrids(o.grids, o.file);
  const points = expandGrid(axes);
  const scenarios = points.map((p) => {
    try {
      return loadScenario(o.file, [...o.overrides, ...p.overrides]);
    } catch (e) {
      if (!isUserError(e)) throw e;
      const at = Object.entries(p.settings).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
      throw new UserError(`sweep point ${at}: ${(e as Error).message.replace(/--set /g, '--grid ')}`);
    }
  });
  checkSweepDir(o.out);
  return { name: o.name ?? base.config.name, axes, points, scenarios };
}

const pointDir = (i: number) => `runs/${String(i + 1).padStart(4, '0')}`;

/** Runs a prepared sweep and writes DIR/sweep.csv, DIR/sweep.json (and DIR/runs/NNNN with --keep runs). */
export async function runSweep(o: SweepOptions, s: PreparedSweep, executor: Executor, progress?: BatchProgress): Promise<SweepDocument> {
  const tasks = replicationTasks(s.scenarios.map((l) => ({ config: l.config, replications: l.replications })), o.keepRuns ? 'full' : 'summary');
  // each point summarised as soon as its replications are in, while the workers run the rest
  const summaries: RunSummary[] = [];
  const results = await runBatch(tasks, executor, progress, onScenarioDone(s.scenarios, (i, reps) => {
    summaries[i] = summarize(s.scenarios[i]!.config.name, reps, scenarioMeta(s.scenarios[i]!.config));
  }), o.keepRuns); // without --keep-runs each point's runs go once summarised
  const groups = o.keepRuns ? groupByScenario(s.scenarios, results) : [];
  const doc = sweepDocument(s.name, s.axes, s.points, summaries, o.keepRuns ? s.points.map((p) => pointDir(p.index)) : undefined);
  await writeSweepDir(o.out, async (tmp) => {
    writeFileSync(path.join(tmp, 'sweep.csv'), sweepCsv(s.axes, doc.points));
    writeFileSync(path.join(tmp, 'sweep.json'), JSON.stringify(doc, null, 2) + '\n');
    if (o.keepRuns) {
      for (const [i, reps] of groups.entries()) {
        await writeRunDirectory(path.join(tmp, pointDir(i)), summaries[i]!, reps, s.scenarios[i]!.resolved);
        groups[i] = []; // let the point's per-image columns go
      }
    }
  });
  return doc;
}
