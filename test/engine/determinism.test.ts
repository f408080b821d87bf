import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Simulation } from '../../sim/engine/simulation.ts';
import { RandomStreams } from '../../sim/engine/rng.ts';
import { exponential, makeDistribution } from '../../sim/engine/distributions.ts';
import { runQueue } from './support/queues.ts';

/** FNV-1a over the (time, seq, priority) of every executed event: the run's event trace. */
function traceHash(seed: number, extraStream: boolean): { hash: string; events: number } {
  const sim = new Simulation();
  let h = 0x811c9dc5;
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const mix = (x: number) => {
    h ^= x;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  sim.onEvent = (time, seq, priority) => {
    f64[0] = time;
    mix(u32[0]!);
    mix(u32[1]!);
    mix(seq);
    mix(priority);
  };
  const streams = new RandomStreams(seed);
  const arrive = exponential(streams.stream('arrivals'), 1 / 3.2);
  // A new stream, drawn from at every arrival, that affects nothing else in the model.
  const noise = extraStream ? makeDistribution({ kind: 'gamma', mean: 1, cv: 1 }, streams.stream('image-size')) : null;
  runQueue(
    {
      servers: 4,
      customers: 20_000,
      interarrival: () => {
        noise?.();
        return arrive();
      },
      service: exponential(streams.stream('service'), 1),
    },
    sim,
  );
  return { hash: h.toString(16), events: sim.eventsProcessed };
}

test('the same seed gives an identical event trace', () => {
  const a = traceHash(9, false);
  assert.equal(traceHash(9, false), a);
  assert.ok(a.events > 70_000);
});

test('a different seed gives a different trace', () => {
  assert.not.equal(traceHash(10, false).hash, traceHash(9, false).hash);
});

test('adding a stream (and drawing from it) leaves the trace unchanged', () => {
  assert.equal(traceHash(9, true), traceHash(9, false));
});

test.run();
