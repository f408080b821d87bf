/**
 * `kiosk-sim report DIR... [--out DIR]`: charts, tables and a self-contained report.html for run directories, or
 * for one sweep directory (written by `kiosk-sim sweep --out DIR`: it holds sweep.json).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { isSweepDir, writeReport, writeSweepReport, RunDirError } from '../../reports/index.ts';
import { UserError } from './errors.ts';
import { claimEntry } from '../results/runDirMarker.ts';
import { claimSweepEntry } from '../sweep/outDir.ts';

export interface ReportArgs {
  dirs: string[];
  out?: string;
  replication?: number;
  png: boolean;
}

/** Writes the report and returns the path of report.html; run-directory problems become user errors. */
export async function runReport(args: ReportArgs, log: (line: string) => void = () => {}): Promise<string> {
  if (args.dirs.length === 0) throw new UserError('report: give at least one run directory (written by `kiosk-sim run FILE --out DIR`)');
  const out = args.out ?? path.join(args.dirs[0]!, 'report');
  const sweeps = args.dirs.filter(isSweepDir);
  if (sweeps.length && args.dirs.length > 1) {
    throw new UserError(`report: ${sweeps[0]} is a sweep directory (it holds sweep.json); report a sweep on its own: kiosk-sim report ${sweeps[0]}`);
  }
  if (args.replication !== undefined && sweeps.length) throw new UserError('report: --replication picks the replication a run\'s timeline draws; a sweep report has no timelines');
  // the default DIR/report of a run or sweep directory becomes kiosk-sim's (so `run --force` or a new sweep may
  // replace it), unless something of the user's is already there
  const claim = sweeps.length ? claimSweepEntry : claimEntry;
  const fresh = args.out === undefined && !existsSync(out);
  try {
    const result = sweeps.length
      ? await writeSweepReport(args.dirs[0]!, out, { png: args.png, log })
      : await writeReport(args.dirs, out, { replication: args.replication, png: args.png, log });
    return result.html;
  } catch (e) {
    if (e instanceof RunDirError) throw new UserError(e.message);
    throw e;
  } finally {
    // claimed once it exists: a refused directory is left as it was, a half-written report is still ours
    if (fresh && existsSync(out)) claim(args.dirs[0]!, 'report');
  }
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dirs..>',
  describe: 'Write Fig. 2a/2b/2c/S1 charts, timelines, tables and a self-contained report.html for run directories, or the sweep chart and table for a sweep directory',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run directories (from `kiosk-sim run --out DIR`; several give cross-run figures), or one sweep directory (from `kiosk-sim sweep --out DIR`)' })
      .option('out', { type: 'string', describe: 'output directory (default: FIRST_DIR/report)' })
      .option('replication', { type: 'number', describe: 'replication drawn on timelines (default: the first)' })
      .option('png', { type: 'boolean', default: true, describe: 'also write PNGs (use --no-png to skip)' })
      .example('$0 report runs/quick', 'a run directory: report.html, charts and tables in runs/quick/report')
      .example('$0 report runs/a runs/b --out runs/compare', 'several runs, compared configuration by configuration')
      .example('$0 report sweeps/gpus', 'a sweep directory: the best points, the sweep chart and table') as unknown as Argv<ReportArgs>,
  handler: async (argv) => {
    const html = await runReport(
      { dirs: (argv.dirs ?? []).map(String), out: argv.out, replication: argv.replication, png: argv.png },
      (line) => process.stderr.write(`${line}\n`),
    );
    process.stdout.write(`report: ${html}\n`);
  },
};

/** The command under the conventional name the CLI registers. */
export const command = reportCommand;
