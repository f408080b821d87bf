// Which part of the model schedules the run's events, and how many per image. Not a benchmark of speed:
// it wraps the event queue's two insert methods (capturing a stack per event, ~10x slower) and
// counts each executed event under the source that queued it:
//  - a process's own entry (consumers): the process kind (its name without the pod number) and why it
//    was queued: `start`, `interrupt`, `wake by <caller>` (a Waitable handing it something), or a
//    sleep; a StepMachine's sleep is named by the state it resumes in (the consumers' `At` names);
//  - a function event (`sim.at`, `sim.schedule`, `every`, a DeadlineQueue's entry): the first
//    function outside the event core that queued it (file:function).
// The run itself is untouched (same events, same order): the totals match `run --json`'s engine.events.
//
//   node --import tsx test/bench/eventSources.ts [SCENARIO] [--seed N] [--set path=value]...
// defaults: the headline (scenarios/paper/2020-8gpu-0.5s-1m.yaml) at --set workload.images=100000, seed 1
// (the replication seed `run --seed 1` derives). Prints a table, then one JSON line.
import { readFileSync } from 'node:fs';
import { EventQueue, type ScheduledEvent } from '../../sim/engine/eventQueue.ts';
import { Simulation } from '../../sim/engine/simulation.ts';
import { deriveReplicationSeeds } from '../../sim/engine/rng.ts';
import { loadScenario } from '../../sim/scenario/load.ts';
import { KioskContext } from '../../sim/model/kiosk.ts';

const args = process.argv.slice(2);
const overrides: string[] = [];
let file = 'scenarios/paper/2020-8gpu-0.5s-1m.yaml';
let seed = '1';
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === '--set') overrides.push(args[++i]!);
  else if (a === '--seed') seed = args[++i]!;
  else file = a;
}
if (!args.includes('--set')) overrides.push('workload.images=100000');
overrides.push(`seed=${seed}`);

/** The names of a StepMachine's `const enum At` states, in order (const enums leave no runtime object). */
function stateNames(source: string): string[] {
  const block = /const enum At \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? '';
  return [...block.matchAll(/^\s*([A-Z]\w*),/gm)].map((m) => m[1]!);
}
const machineStates: Record<string, string[]> = {
  ImageConsumer: stateNames(readFileSync('sim/model/consumers/imageConsumer.ts', 'utf8')),
  ZipConsumer: stateNames(readFileSync('sim/model/consumers/zipConsumer.ts', 'utf8')),
};

const THIS_FILE = '/test/bench/eventSources.ts';
const ENGINE_CORE = /\/sim\/engine\/(eventQueue|simulation|process|kernel)\.ts$/;

interface Site {
  file: string;
  fn: string;
}

/** The call stack at an insert, innermost first, as (file, function) pairs. */
function callSites(): Site[] {
  const saved = Error.prepareStackTrace;
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 14;
  Error.prepareStackTrace = (_e, sites) =>
    sites.map((s) => ({
      file: s.getFileName() ?? '?',
      fn: `${s.getTypeName() && s.getTypeName() !== 'Object' ? `${s.getTypeName()}.` : ''}${s.getFunctionName() ?? s.getMethodName() ?? '<anon>'}`,
    }));
  const holder: { stack?: unknown } = {};
  Error.captureStackTrace(holder, callSites);
  const sites = holder.stack as Site[];
  Error.prepareStackTrace = saved;
  Error.stackTraceLimit = limit;
  return sites;
}

const short = (s: Site): string => `${s.file.replace(/^.*\/sim\//, '').replace(/\.ts$/, '')}:${s.fn.replace(/^.*\./, '')}`;

/** The index of the first frame outside the event core (where model code queued the event). */
function outsideCoreIndex(sites: Site[], from = 0): number {
  for (let i = from; i < sites.length; i++) {
    const f = sites[i]!.file;
    if (!ENGINE_CORE.test(f) && !f.endsWith(THIS_FILE)) return i;
  }
  return sites.length;
}

const outsideCore = (sites: Site[], from = 0): Site | undefined => sites[outsideCoreIndex(sites, from)];

interface ProcessLike {
  name: string;
  machine: { at?: number; constructor: { name: string } } | null;
}

function sourceOf(ev: ScheduledEvent): string {
  const sites = callSites();
  const target = ev.target as unknown as ProcessLike | null;
  if (target === null) {
    // a periodic timer's next tick, or a DeadlineQueue's entry moving on, is queued while its own
    // previous event runs: it keeps that event's label (the first one is labelled where it was made)
    const i = outsideCoreIndex(sites);
    if (sites.slice(0, i).some((s) => s.fn.endsWith('tick') && /\/engine\/simulation\.ts$/.test(s.file))) return lastLabel;
    const site = sites[i] ?? { file: '?', fn: '?' };
    if (!site.file.endsWith('/engine/deadlineQueue.ts')) return short(site);
    if (sites[i + 1]?.fn.endsWith('due')) return lastLabel;
    const armedBy = sites.find((s) => !/\/engine\//.test(s.file) && !s.file.endsWith(THIS_FILE));
    return `DeadlineQueue armed by ${armedBy ? short(armedBy) : '?'}`;
  }
  const kind = target.name.replace(/[-_]?\d+$/, '').replace(/-[a-z0-9]{5}$/, '');
  const inProcess = sites.findIndex((s) => /\/engine\/process\.ts$/.test(s.file));
  const method = sites[inProcess]?.fn.replace(/^.*\./, '') ?? '?';
  if (method === 'Process') return `${kind} start`;
  if (method === 'deliverInterrupt') return `${kind} interrupt`;
  if (method === 'wake' || method === 'wakeThrow') {
    const by = outsideCore(sites, inProcess + 1);
    return `${kind} wake by ${by ? short(by) : '?'}`;
  }
  // a sleep (advance / advanceMachine queued a yielded delay)
  const m = target.machine;
  if (m !== null && typeof m.at === 'number') {
    const names = machineStates[m.constructor.name];
    return `${kind} sleep -> ${names?.[m.at] ?? m.at}`;
  }
  return `${kind} ${method === 'advance' || method === 'advanceMachine' ? 'sleep' : method}`;
}

// label every insert (process entries are re-queued, so the label goes with the sequence number)
const labels = new Map<number, string>();
const proto = EventQueue.prototype as unknown as {
  insert(ev: ScheduledEvent, time: number, priority: number): void;
  insertWithSeq(ev: ScheduledEvent, time: number, priority: number, seq: number): void;
  insertAfter(ev: ScheduledEvent, now: number, delay: number, priority: number): void;
};
const insert = proto.insert;
const insertAfter = proto.insertAfter;
const insertWithSeq = proto.insertWithSeq;
proto.insert = function (ev, time, priority) {
  insert.call(this, ev, time, priority);
  labels.set(ev.seq, sourceOf(ev));
};
// a sleep of the delay lane's delay does not pass through insert
proto.insertAfter = function (ev, now, delay, priority) {
  insertAfter.call(this, ev, now, delay, priority);
  labels.set(ev.seq, sourceOf(ev));
};
proto.insertWithSeq = function (ev, time, priority, seq) {
  insertWithSeq.call(this, ev, time, priority, seq);
  labels.set(seq, sourceOf(ev));
};
// a DeadlineQueue's entry moving past cancelled timeouts takes itself off the count: so does this
let lastLabel = '';
const counts = new Map<string, number>();
const simProto = Simulation.prototype as unknown as { uncountEvent(): void };
const uncount = simProto.uncountEvent;
simProto.uncountEvent = function () {
  uncount.call(this);
  counts.set(lastLabel, counts.get(lastLabel)! - 1);
};

const { config } = loadScenario(file, overrides);
const replicationSeed = deriveReplicationSeeds(config.seed, 1)[0]!;
const ctx = new KioskContext(config, replicationSeed);
ctx.sim.onEvent = (_time, seq) => {
  lastLabel = labels.get(seq) ?? '?';
  labels.delete(seq);
  counts.set(lastLabel, (counts.get(lastLabel) ?? 0) + 1);
};
const t0 = performance.now();
ctx.run();
const wall = (performance.now() - t0) / 1000;

const images = ctx.record.count;
const total = ctx.sim.eventsProcessed;
const rows = [...counts].filter(([, n]) => n !== 0).sort((a, b) => b[1] - a[1]);
const counted = rows.reduce((s, [, n]) => s + n, 0);
console.log(`${file} ${overrides.join(' ')} (replication seed ${replicationSeed}): ${total} events, ${images} images, ${(total / images).toFixed(3)} per image (${wall.toFixed(1)} s with the counting hook)`);
console.log(`${'events'.padStart(10)} ${'/image'.padStart(8)} ${'share'.padStart(6)}  source`);
for (const [label, n] of rows) {
  console.log(`${String(n).padStart(10)} ${(n / images).toFixed(4).padStart(8)} ${((100 * n) / total).toFixed(1).padStart(5)}%  ${label}`);
}
if (counted !== total) console.log(`(the counts sum to ${counted}, the engine counted ${total})`);
console.log(JSON.stringify({ scenario: file, overrides, seed: replicationSeed, events: total, images, per_image: total / images, sources: Object.fromEntries(rows) }));
