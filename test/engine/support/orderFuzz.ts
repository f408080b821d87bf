import { Simulation, Resource, Store, Interrupt, type Process } from '../../../sim/engine/index.ts';

/**
 * A random mix of processes for one seed: sleeps, a Resource, a Store, spawned children, joins,
 * interrupts, kills, plain callbacks and cancels. Returns the trace of everything observed: every event
 * (time, sequence number, priority) and what each process saw. Used to pin the engine's event order:
 * a refactoring of the kernel must leave every trace unchanged. `delayLane`: sleeps of that many seconds
 * go through the fixed-delay lane (`used.delayed` adds up how many did).
 */
export function orderFuzzTrace(seed: number, options: { delayLane?: number; used?: { delayed: number } } = {}): string {
  let s = seed >>> 0 || 1;
  const rnd = () => ((s ^= s << 13, s ^= s >>> 17, s ^= s << 5) >>> 0) / 4294967296;
  const pick = (n: number) => Math.floor(rnd() * n);
  const sim = new Simulation();
  if (options.delayLane !== undefined) sim.useDelayLane(options.delayLane);
  const trace: string[] = [];
  sim.onEvent = (t, seq, pr) => trace.push(`e${t.toFixed(6)}/${seq}/${pr}`);
  const res = new Resource(1 + pick(3));
  const store = new Store<number>();
  const procs: Process<unknown>[] = [];
  const handles: ReturnType<Simulation['schedule']>[] = [];
  let id = 0;
  function* body(me: number, depth: number): Generator<any, number, any> {
    let held = 0;
    try {
      for (let step = 0; step < 14; step++) {
        const a = pick(9);
        try {
          if (a === 0) yield pick(4) * 0.5;
          else if (a === 1) { yield res.acquire(); held++; trace.push(`p${me} got res ${sim.now}`); yield rnd(); res.release(); held--; }
          else if (a === 2) { store.put(me * 100 + step); }
          else if (a === 3) { const v = yield store.take(); trace.push(`p${me} took ${v}`); }
          else if (a === 4 && depth < 3 && procs.length < 60) { const c = sim.process(body(++id, depth + 1), `p${id}`); procs.push(c); }
          else if (a === 5 && procs.length > 0) { const o = procs[pick(procs.length)]!; if (o !== procs[me]) { const r = yield o; trace.push(`p${me} joined ${r}`); } }
          else if (a === 6 && procs.length > 0) { const o = procs[pick(procs.length)]!; if (o !== procs[me]) o.interrupt(`by${me}`); }
          else if (a === 7 && procs.length > 0) { const o = procs[pick(procs.length)]!; if (o !== procs[me] && !o.done) { try { o.kill(); } catch (e) { trace.push(`kill err ${(e as Error).message}`); } } }
          else { handles.push(sim.schedule(rnd() * 2, () => trace.push(`cb ${sim.now}`))); if (handles.length > 1 && rnd() < 0.5) sim.cancel(handles[pick(handles.length)]!); }
        } catch (e) {
          if (e instanceof Interrupt) trace.push(`p${me} interrupted ${String(e.cause)} ${sim.now}`);
          else throw e;
          if (held > 0) { res.release(); held--; }
        }
      }
    } finally {
      while (held > 0) { res.release(); held--; }
      trace.push(`p${me} end ${sim.now}`);
    }
    return me;
  }
  for (let k = 0; k < 8; k++) procs.push(sim.process(body(++id, 0), `p${id}`));
  procs.unshift(procs[0]!); // index by id (ids start at 1)
  try { sim.run({ until: 200 }); } catch (e) { trace.push(`run threw ${(e as Error).message}`); }
  trace.push(`end ${sim.now} ${sim.eventsProcessed}`);
  if (options.used) options.used.delayed += sim.eventQueue.delayed;
  return trace.join('\n');
}
