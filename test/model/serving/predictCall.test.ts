import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { DeadlineQueue, Simulation, type StepMachine, type Yieldable, FINISHED, type Finished } from '../../../sim/engine/index.ts';
import { PredictCall, type CallOutcome } from '../../../sim/model/serving/predictCall.ts';
import { TfServingServer } from '../../../sim/model/serving/tfServingPod.ts';
import type { BatchingConfig } from '../../../sim/model/config.ts';

// One image consumer's use of a call object (sim/model/consumers/imageConsumer.ts): the consumer keeps
// its last call and reuses it only while nothing holds it (PredictCall.reusable).

const noBatching: BatchingConfig = { enabled: false, maxBatchSize: 1, batchTimeout: 0, maxEnqueuedBatches: 100, numBatchThreads: 1 };

function setup(serviceSeconds: number, deadline: number) {
  const sim = new Simulation();
  const server = new TfServingServer(sim, 0, noBatching, () => serviceSeconds);
  server.state = 'ready';
  const deadlines = new DeadlineQueue<PredictCall>(sim, deadline, (call) => call.onDeadline());
  return { sim, server, deadlines };
}

/** A client that sends `sizes` one after another through one reused call where it may, as the image consumer does. */
function client(server: TfServingServer, deadlines: DeadlineQueue<PredictCall>, sizes: number[], outcomes: CallOutcome[], made: PredictCall[]): StepMachine<void> {
  let i = 0;
  let last: PredictCall | null = null;
  return {
    step(received: unknown): Yieldable | Finished {
      if (received !== undefined) outcomes.push(received as CallOutcome);
      if (i === sizes.length) return FINISHED;
      const size = sizes[i++]!;
      const call: PredictCall = last !== null && last.reusable ? last.reuse(size) : (last = new PredictCall(deadlines, size));
      if (!made.includes(call)) made.push(call);
      if (server.submit(call.request)) return call;
      return 0;
    },
  };
}

test('an answered call is reused for the next request: one call object for a run of answered calls', () => {
  const { sim, server, deadlines } = setup(1, 20);
  const outcomes: CallOutcome[] = [];
  const made: PredictCall[] = [];
  sim.process(client(server, deadlines, [4, 5, 6], outcomes, made));
  sim.run();
  assert.equal(outcomes, ['ok', 'ok', 'ok']);
  assert.is(made.length, 1);
  assert.is(server.tasksRun, 15, 'each request ran with its own size');
  assert.is(sim.now, 3);
});

test('a call whose deadline passed is never reused: the server still answers it later', () => {
  const { sim, server, deadlines } = setup(5, 2);
  const outcomes: CallOutcome[] = [];
  const made: PredictCall[] = [];
  sim.process(client(server, deadlines, [4, 6], outcomes, made));
  sim.run();
  assert.equal(outcomes, ['deadline', 'deadline']);
  assert.is(made.length, 2, 'the abandoned first call stayed with the server');
  assert.ok(made.every((c) => c.abandoned && !c.reusable));
  assert.is(server.abandonedTasksRun, 10, 'both abandoned requests still ran, each with its own size');
});

test('a queued call is not reusable until it is answered; reuse of a held call throws', () => {
  const { sim, server, deadlines } = setup(1, 20);
  const call = new PredictCall(deadlines, 3);
  assert.ok(call.reusable, 'a new call is held by nobody');
  assert.ok(server.submit(call.request));
  assert.not.ok(call.reusable, 'queued on the server');
  assert.throws(() => call.reuse(2), /still holds it/);
  sim.run();
  assert.ok(call.reusable, 'answered');
  call.reuse(2);
  assert.is(call.size, 2);
  assert.ok(Number.isNaN(call.enqueuedAt));
});

test.run();
