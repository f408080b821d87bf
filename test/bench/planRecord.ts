/**
 * The planner's schedule without its runs: a search's outcomes recorded once (each run's outcome and the CPU
 * seconds it took, one after another in this thread so the CPU time is the run's own), then any search
 * replayed on a virtual clock with N workers taking each recorded run for its recorded CPU seconds. The
 * replay's clock is the wall an N-core machine would need for that search's schedule, barriers included, so
 * a change of the search or its scheduling can be timed on the loaded shared machine in seconds. A run the
 * store lacks is run for real (and recorded).
 *
 *   tsx test/bench/planRecord.ts PLAN.yaml STORE.jsonl [workers]
 *
 * Prints the plan's text answer on stderr and one JSON line on stdout:
 * {"file","workers","virtual_wall_s","cpu_s","runs","runs_by_phase","recorded","replayed","recommendation","p_meets_goal"}.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { outcomeOf, type Outcome, type OutcomeSource } from '../../sim/plan/evaluate.ts';
import { readPlan } from '../../sim/plan/load.ts';
import { runPlan } from '../../sim/plan/plan.ts';
import { planText } from '../../sim/plan/text.ts';
import { executeTask, type RunTask } from '../../sim/sweep/task.ts';

interface Stored { outcome: Outcome; cpu_s: number }

const keyOf = (task: RunTask) => createHash('sha1').update(JSON.stringify(task)).digest('hex');

// an Outcome has NaN and Infinity (an unfinished makespan): JSON keeps them as tagged strings
const encode = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `#num:${v}` : v);
const decode = (_: string, v: unknown) => (typeof v === 'string' && v.startsWith('#num:') ? Number(v.slice(5)) : v);

export class OutcomeStore {
  readonly runs = new Map<string, Stored>();
  recorded = 0;
  replayed = 0;
  constructor(private readonly file: string) {
    if (existsSync(file)) for (const line of readFileSync(file, 'utf8').split('\n')) if (line) { const x = JSON.parse(line, decode); this.runs.set(x.key, x); }
  }
  /** The task's outcome and CPU seconds: recorded, or run now in this thread and recorded. */
  get(task: RunTask, name: string): Stored {
    const key = keyOf(task);
    const have = this.runs.get(key);
    if (have) { this.replayed++; return have; }
    const cpu0 = process.cpuUsage();
    const outcome = outcomeOf(executeTask(task));
    const cpu = process.cpuUsage(cpu0);
    const stored = { outcome, cpu_s: (cpu.user + cpu.system) / 1e6 };
    this.runs.set(key, stored);
    appendFileSync(this.file, JSON.stringify({ key, ...stored }, encode) + '\n');
    this.recorded++;
    return stored;
  }
}

/**
 * A source whose runs take their recorded CPU seconds on `workers` virtual workers fed from one FIFO queue
 * (as the run pool, sim/sweep/pool.ts): a run is handed its worker once the search has nothing left to do
 * at this moment (every promise settled), and the clock moves to the next run's end.
 */
export function virtualSource(store: OutcomeStore, workers: number, trace?: (line: string) => void, phase: () => string = () => ''): { source: OutcomeSource; now: () => number; busy: () => number } {
  let now = 0;
  let busy = 0;
  const queue: { task: RunTask; name: string; done: (o: Outcome) => void }[] = [];
  const running: { end: number; outcome: Outcome; done: (o: Outcome) => void }[] = [];
  let ticking = false;
  const tick = () => {
    ticking = false;
    while (running.length < workers && queue.length) {
      const q = queue.shift()!;
      const s = store.get(q.task, q.name);
      busy += s.cpu_s;
      running.push({ end: now + s.cpu_s, outcome: s.outcome, done: q.done });
      if (trace) {
        const g = q.task.config.cluster.pools.gpu;
        const o = s.outcome;
        const how = o.completed ? `done ${o.makespan.toFixed(0)} s` : `cut ${o.unfinished?.settled?.kind ?? 'limit'} at ${o.unfinished?.settled?.at_s?.toFixed(0) ?? o.unfinished?.above_s}`;
        trace(`${now.toFixed(1)}\t${(now + s.cpu_s).toFixed(1)}\t${phase()}\t${g.machine.gpuType}${g.preemptible ? '-p' : ''} x${g.max} z${q.task.config.cluster.zones}\tseed ${q.task.seed}\t${how}\t$${o.cost.total.toFixed(2)}`);
      }
    }
    if (!running.length) return;
    let first = 0;
    for (let i = 1; i < running.length; i++) if (running[i]!.end < running[first]!.end) first = i;
    const r = running.splice(first, 1)[0]!;
    now = r.end;
    r.done(r.outcome);
    schedule();
  };
  const schedule = () => { if (!ticking) { ticking = true; setImmediate(tick); } };
  const source: OutcomeSource = (task, name) => new Promise((done) => { queue.push({ task, name, done }); schedule(); });
  return { source, now: () => now, busy: () => busy };
}

if (process.argv[1]?.endsWith('planRecord.ts')) {
  const [file, storeFile, w] = process.argv.slice(2);
  if (!file || !storeFile) throw new Error('usage: tsx test/bench/planRecord.ts PLAN.yaml STORE.jsonl [workers]');
  const workers = Number(w ?? 2);
  const store = new OutcomeStore(storeFile);
  const plan = readPlan(file);
  let phase = '';
  const traceFile = process.env.PLAN_TRACE;
  if (traceFile) writeFileSync(traceFile, '');
  const v = virtualSource(store, workers, traceFile ? (l) => appendFileSync(traceFile, l + '\n') : undefined, () => phase);
  const { answer } = await runPlan(plan, v.source, (p) => { phase = p; process.stderr.write(`${(v.now()).toFixed(0)} s (virtual): ${p}\n`); return undefined; }, Number(process.env.PLAN_SLOTS ?? workers));
  process.stderr.write(planText(answer));
  process.stdout.write(JSON.stringify({
    file, workers, virtual_wall_s: v.now(), cpu_s: v.busy(), ideal_wall_s: v.busy() / workers, runs: answer.runs, runs_by_phase: answer.runs_by_phase,
    recorded: store.recorded, replayed: store.replayed, speculated: answer.speculated, recommendation: answer.recommendation?.settings ?? null,
    p_meets_goal: answer.recommendation?.p_meets_goal ?? null, cost: answer.recommendation?.cost_usd.mean ?? null,
  }) + '\n');
}
