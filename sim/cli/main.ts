import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isUserError } from './errors.ts';
import { runCommand } from './run.ts';
import { validateCommand } from './validate.ts';
import { schemaCommand } from './schema.ts';
import { reportCommand } from './report.ts';
import { calibrateCommand } from './calibrate.ts';
import { liveCommand } from './live.ts';

/** kiosk-sim's command line: one module per command; this file only wires them together. */
async function main(): Promise<void> {
  const commands = [runCommand, validateCommand, schemaCommand, reportCommand, calibrateCommand, liveCommand];
  let cli = yargs(hideBin(process.argv)).scriptName('kiosk-sim').strict().demandCommand(1, 'Name a command (see --help).');
  for (const c of commands) cli = cli.command(c as never);
  await cli
    .fail((msg, err) => {
      if (err) throw err;
      throw Object.assign(new Error(msg), { name: 'UserError' });
    })
    .help()
    .parseAsync();
}

// `kiosk-sim schema | head`: a reader that stops early is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main().catch((e: unknown) => {
  if (isUserError(e)) {
    process.stderr.write(`kiosk-sim: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`kiosk-sim: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
