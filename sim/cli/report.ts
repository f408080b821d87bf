/** `kiosk-sim report DIR... [--out DIR]`: charts, tables and a self-contained report.html for run directories. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { writeReport, RunDirError } from '../../reports/index.ts';
import { UserError } from './errors.ts';
import { claimEntry } from '../results/runDirMarker.ts';

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
  // the default DIR/report of a run directory becomes kiosk-sim's (so `run --force` may replace it), unless
  // something of the user's is already there
  if (args.out === undefined && !existsSync(out)) claimEntry(args.dirs[0]!, 'report');
  try {
    const result = await writeReport(args.dirs, out, { replication: args.replication, png: args.png, log });
    return result.html;
  } catch (e) {
    if (e instanceof RunDirError) throw new UserError(e.message);
    throw e;
  }
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dirs..>',
  describe: 'Write Fig. 2a/2b/2c/S1 charts, timelines, tables and a self-contained report.html for run directories',
  builder: (yargs: Argv<object>) =>
    yargs
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run directories (from `kiosk-sim run --out DIR`); several give cross-run figures' })
      .option('out', { type: 'string', describe: 'output directory (default: FIRST_DIR/report)' })
      .option('replication', { type: 'number', describe: 'replication drawn on timelines (default: the first)' })
      .option('png', { type: 'boolean', default: true, describe: 'also write PNGs (use --no-png to skip)' }) as unknown as Argv<ReportArgs>,
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
