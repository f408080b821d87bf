import type { Argv, CommandModule } from 'yargs';
import { isUserError, UserError } from './errors.ts';
import { loadScenario, type LoadedScenario } from '../scenario/load.ts';
import { formatSeconds } from '../scenario/units.ts';

interface ValidateArgs {
  files: string[];
  set: string[];
}

/** One line describing a valid scenario: "name, era, N images, arrivals, GPUs, policy, replications". */
export function scenarioLine(s: LoadedScenario): string {
  const c = s.config;
  const a = c.workload.arrival;
  const arrival =
    a.kind === 'paced' ? `paced ${formatSeconds(a.startDelay)}`
    : a.kind === 'upload' ? `upload ${+(a.bandwidthBps / 1e6).toPrecision(4)} Mbps`
    : a.kind === 'poisson' ? `poisson ${+a.rate.toPrecision(4)}/s per ${a.unit}`
    : a.kind === 'deterministic' ? `every ${formatSeconds(a.interval)} per ${a.unit}`
    : `trace of ${a.times.length} ${a.unit}s`;
  const gpu = c.cluster.pools.gpu;
  const gpus = c.autoscaling.policy === 'fixed' ? `${c.autoscaling.fixed.serving} GPU fixed` : `GPU max ${gpu.max}`;
  const type = gpu.machine.gpuType ? ` ${gpu.preemptible ? 'preemptible ' : ''}${gpu.machine.gpuType}` : '';
  const reps = `${s.replications} replication${s.replications === 1 ? '' : 's'}`;
  return `${c.name}, era ${c.era}, ${c.workload.images} images, ${arrival}, ${gpus}${type}, ${c.cluster.zones} zone${c.cluster.zones === 1 ? '' : 's'}, autoscaling ${c.autoscaling.policy}, ${reps}`;
}

export const validateCommand: CommandModule<object, ValidateArgs> = {
  command: 'validate <files..>',
  describe: 'Check scenario files (and --set overrides) without running them',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
      .option('set', { type: 'string', array: true, default: [], describe: 'override a setting: --set path=value (repeatable)' }) as unknown as Argv<ValidateArgs>,
  handler: (args) => {
    let failed = 0;
    for (const file of args.files) {
      try {
        process.stdout.write(`${file}: ok (${scenarioLine(loadScenario(file, args.set, { allProblems: true }))})\n`);
      } catch (e) {
        if (!isUserError(e)) throw e;
        failed++;
        process.stderr.write(`${(e as Error).message}\n`);
      }
    }
    if (failed) throw new UserError(`${failed} of ${args.files.length} scenario file${args.files.length === 1 ? ' is' : 's are'} invalid`);
  },
};
