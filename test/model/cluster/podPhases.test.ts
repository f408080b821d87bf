import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Priority } from '../../../sim/engine/index.ts';
import { KioskContext } from '../../../sim/model/kiosk.ts';
import { POD_KINDS, type Pod, type PodKind, type PodPhase } from '../../../sim/model/cluster/pod.ts';
import { PodPhaseCounts, setPhase } from '../../../sim/model/cluster/podPhases.ts';
import { dynamicConfig } from '../../support/dynamicConfig.ts';

const PHASES: readonly PodPhase[] = ['pending', 'starting', 'running', 'terminating', 'gone'];
const pod = (kind: PodKind, phase: PodPhase, id: number): Pod => ({ id, name: `${kind}-${id}`, kind, phase, createdAt: 0, runningAt: NaN, node: -1, timer: null, restarts: 0 });

test('setPhase moves a tracked pod between its kind\'s counts; an untracked pod is only set', () => {
  const counts = new PodPhaseCounts();
  const a = pod('image-consumer', 'pending', 1);
  const b = pod('tf-serving', 'pending', 2);
  counts.track(a);
  counts.track(b);
  setPhase(a, 'starting');
  setPhase(a, 'running');
  assert.is(counts.count('image-consumer', 'running'), 1);
  assert.is(counts.count('image-consumer', 'pending'), 0);
  assert.is(counts.count('tf-serving', 'pending'), 1);
  assert.is(counts.count('tf-serving', 'running'), 0);
  const loose = pod('image-consumer', 'pending', 3);
  setPhase(loose, 'running');
  assert.is(loose.phase, 'running');
  assert.is(counts.count('image-consumer', 'running'), 1, 'the untracked pod is not counted');
});

// every phase write of a run must go through setPhase: the counts must equal a recount of the pod lists at
// every look, in a run with preemptions, crashes of servers and consumers, and every kind of fault
test('the phase counts equal recounts of the pods all through a run with preemptions, crashes and faults', () => {
  const cfg = dynamicConfig({ images: 2000, startDelay: 1, gpuMax: 3, crashMtbf: 400, consumerCrashMtbf: 300, preemption: { model: 'exponential', meanLifetime: 900, notice: 30, grace: 25, cap: 86400 }, zones: 2, seed: 8 });
  cfg.faults = [
    { at: 300, kind: 'consumer-kill', duration: 0 },
    { at: 500, kind: 'server-restart', duration: 60 },
    { at: 700, kind: 'redis-down', duration: 20 },
  ] as unknown as typeof cfg.faults;
  const ctx = new KioskContext(cfg, 8);
  const seen = new Map<PodKind, Set<Pod>>(POD_KINDS.map((k) => [k, new Set()]));
  let looks = 0;
  const moved = new Set<PodPhase>();
  ctx.sim.every(0.5, () => {
    looks++;
    const lists: Record<PodKind, readonly Pod[]> = { 'tf-serving': ctx.serving.pods, 'image-consumer': ctx.imagePods, 'zip-consumer': ctx.zipPods };
    for (const kind of POD_KINDS) {
      const all = seen.get(kind)!;
      for (const p of lists[kind]) all.add(p); // the consumer lists drop gone pods at the prune: remember every pod
      for (const phase of PHASES) {
        let n = 0;
        for (const p of all) if (p.phase === phase) n++;
        if (n > 0) moved.add(phase);
        assert.is(ctx.cluster.phases.count(kind, phase), n, `${kind} ${phase} at ${ctx.sim.now} s`);
      }
      const ready = ctx.cluster.deployments[kind].active.filter((p) => p.phase === 'running').length;
      assert.is(ctx.cluster.readyPods(kind), ready, `${kind} ready at ${ctx.sim.now} s`);
    }
  }, 0, Priority.LATE);
  const outcome = ctx.run();
  assert.ok(outcome.completed, outcome.reason);
  assert.ok(ctx.counters.crashes > 0 && ctx.counters.preemptions > 0, `crashes ${ctx.counters.crashes}, preemptions ${ctx.counters.preemptions}`);
  assert.ok(ctx.events.some((e) => e.kind === 'fault'), 'faults happened');
  assert.equal([...moved].sort(), [...PHASES].sort(), 'pods were seen in every phase');
  assert.ok(looks > 100);
});

test.run();
