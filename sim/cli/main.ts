import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isUserError } from './errors.ts';
import { runCommand } from './run.ts';

/** kiosk-sim's command line: one module per command; this file only wires them together. */
async function main(): Promise<void> {
  const commands = [runCommand, ...(await optionalCommands())];
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

/** Commands whose modules are built by other work streams: registered when present. */
async function optionalCommands(): Promise<unknown[]> {
  const found: unknown[] = [];
  const modules: [string, string][] = [
    ['./validate.ts', 'validateCommand'],
    ['./schema.ts', 'schemaCommand'],
    ['./report.ts', 'reportCommand'],
    ['./calibrate.ts', 'calibrateCommand'],
  ];
  for (const [path, name] of modules) {
    try {
      const m = (await import(path)) as Record<string, unknown>;
      if (m[name]) found.push(m[name]);
    } catch (e) {
      if ((e as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') throw e;
    }
  }
  return found;
}

main().catch((e: unknown) => {
  if (isUserError(e)) {
    process.stderr.write(`kiosk-sim: ${(e as Error).message}\n`);
    process.exit(2);
  }
  process.stderr.write(`kiosk-sim: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(1);
});
