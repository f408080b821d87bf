/**
 * Where a benchmark's CPU time goes, by component: runs `work` under V8's sampling profiler (node:inspector,
 * in-process) and sums each sample's self time by the sim/ folder of the function it hit (sim/engine,
 * sim/model/consumers, ...; `gc` for the garbage collector, `other` for node internals and libraries; idle samples are left out).
 * Fractions of the profiled time, largest first. Sampling adds a few percent of overhead.
 */
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { url: string; functionName: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The component a source URL belongs to: its folder under sim/ (model files one level deeper). */
export function componentOf(url: string, functionName: string): string {
  if (functionName === '(garbage collector)') return 'gc';
  if (functionName === '(idle)') return 'idle';
  const m = /\/sim\/(engine|model|results|scenario|cli)\/(?:([^/]+)\/)?/.exec(url);
  if (!m) return 'other';
  // sim/model/<component>/...; a file directly in sim/model (kiosk.ts, record.ts) counts as "model"
  return m[1] === 'model' && m[2] !== undefined ? `model/${m[2]}` : m[1]!;
}

function post<T>(session: Session, method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) =>
    session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))),
  );
}

/** Runs `work` profiled; returns its result and the self-time fraction per component. */
export async function profileSplit<T>(work: () => T): Promise<{ result: T; split: Record<string, number> }> {
  const session = new Session();
  session.connect();
  await post(session, 'Profiler.enable');
  await post(session, 'Profiler.setSamplingInterval', { interval: 500 }); // µs
  await post(session, 'Profiler.start');
  const result = work();
  const { profile } = await post<{ profile: Profile }>(session, 'Profiler.stop');
  session.disconnect();
  const componentById = new Map(profile.nodes.map((n) => [n.id, componentOf(n.callFrame.url, n.callFrame.functionName)]));
  const time = new Map<string, number>();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const c = componentById.get(profile.samples[i]!) ?? 'other';
    if (c === 'idle') continue; // the thread was waiting, not computing
    const dt = profile.timeDeltas[i] ?? 0;
    time.set(c, (time.get(c) ?? 0) + dt);
    total += dt;
  }
  const split: Record<string, number> = {};
  for (const [c, t] of [...time].sort((a, b) => b[1] - a[1])) split[c] = +(t / total).toFixed(3);
  return { result, split };
}
