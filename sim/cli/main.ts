import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { isUserError } from './errors.ts';
import { EXIT, EXIT_CODES_HELP, isRunNotMet } from './exitCodes.ts';
import { skipHelpCache } from './helpCache.ts';
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
  live: async () => (await import('./live.ts')).liveCommand as never,
  plan: async () => (await import('./plan.ts')).planCommand as never,
};

async function commandsFor(argv: readonly string[]): Promise<CommandModule<object, never>[]> {
  const first = argv.find((a) => !a.startsWith('-'));
  if (argv.length > 0 && argv.every((a) => a === '--version')) return [];
  const one = first !== undefined && Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
  return Promise.all(one ? [one()] : Object.values(COMMANDS).map((load) => load()));
}

/** yargs' recommendCommands says only "Did you mean run?": name what was typed first. */
function unknownCommandMessage(msg: string, argv: readonly string[]): string {
  const typed = argv.find((a) => !a.startsWith('-'));
  if (typed !== undefined && !Object.hasOwn(COMMANDS, typed) && /^Did you mean /.test(msg)) return `Unknown command "${typed}". ${msg}`;
  return msg;
}

/** kiosk-sim's command line: one module per command; this file only wires them together. */
async function main(): Promise<void> {
  const argv = hideBin(process.argv);
  let cli = yargs(argv).scriptName('kiosk-sim').strict().recommendCommands().demandCommand(1, 'Name a command (see --help).');
  for (const c of await commandsFor(argv)) cli = cli.command(c as never);
  skipHelpCache(cli);
  await cli
    .fail((msg, err) => {
      if (err) throw err;
      throw Object.assign(new Error(unknownCommandMessage(msg, argv)), { name: 'UserError' });
    })
    .example('$0 run scenarios/examples/quick.yaml', 'simulate one scenario, print its summary table')
    .example('$0 run scenarios/examples/quick.yaml --out runs/quick --report', 'also write the run directory and report.html')
    .example('$0 sweep scenarios/examples/quick.yaml --grid cluster.pools.gpu.max=1,2,4 --out sweeps/gpus', 'a grid of settings')
    .example('$0 report runs/quick', 'charts and tables of a run directory')
    .epilogue(EXIT_CODES_HELP)
    .help()
    .parseAsync();
}

// `kiosk-sim schema | head`: a reader that stops early is not an error
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

main().catch((e: unknown) => {
  if (isRunNotMet(e)) {
    process.stderr.write(e.lines.map((l) => `kiosk-sim: ${l}\n`).join(''));
    process.exit(EXIT.notMet);
  }
  if (isUserError(e)) {
    process.stderr.write(`kiosk-sim: ${(e as Error).message}\n`);
    process.exit(EXIT.usage);
  }
  process.stderr.write(`kiosk-sim: internal error: ${(e as Error)?.stack ?? String(e)}\n`);
  process.exit(EXIT.internal);
});
