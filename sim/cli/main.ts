import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isUserError } from './errors.ts';
import type { CommandModule } from 'yargs';

type Loader = () => Promise<CommandModule<object, never>>;

/**
 * Every command, loaded on demand: a start imports only the command it runs (`run` never loads the
 * report's vega, `--version` loads none), which is most of a start's time. `--help`, no command or an
 * unknown one load them all, so yargs can list them and suggest the nearest name.
 */
const COMMANDS: Record<string, Loader> = {
  run: async () => (await import('./run.ts')).runCommand as never,
  validate: async () => (await import('./validate.ts')).validateCommand as never,
  schema: async () => (await import('./schema.ts')).schemaCommand as never,
  report: async () => (await import('./report.ts')).reportCommand as never,
  calibrate: async () => (await import('./calibrate.ts')).calibrateCommand as never,
  sweep: async () => (await import('./sweep.ts')).sweepCommand as never,
  worker: async () => (await import('./worker.ts')).workerCommand as never,
  plan: async () => (await import('./plan.ts')).planCommand as never,
};

async function commandsFor(argv: readonly string[]): Promise<CommandModule<object, never>[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  if (argv.length > 0 && argv.every((a) => a === '--version')) return [];
  const one = first !== undefined && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  return Promise.all(one ? [one()] : Object.values(COMMANDS).map((load) => load()));
}

/** kiosk-sim's command line: one module per command; this file only wires them together. */
async function main(): Promise<void> {
  const argv = hideBin(process.argv);
  let cli = yargs(argv).scriptName('kiosk-sim').strict().recommendCommands().demandCommand(1, 'Name a command (see --help).');
  for (const c of await commandsFor(argv)) cli = cli.command(c as never);
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
