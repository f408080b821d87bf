// The request path alone, for instruction counts of engine and serving changes (issue #12): 240 image-
// consumer-like machines each sleep (mean 2 s), then send three Predict calls of 16 tiles one after another,
// each to one of 8 TF-Serving servers picked at random (2020 batching: 128 tasks, 1 s timeout, 2 threads),
// with the kiosk's 20 s client deadline in one DeadlineQueue. Per job: a sleep and three answers, as the
// image consumer's loop without transfers, Redis or the cluster. ~0.96 M events to t = 6000 s.
//
// Why not the headline: its count at 10^5 images varies ~0.3% from run to run (TurboFan's heuristics and
// the rest of the model), more than most changes to this path make; this count is repeatable to ~10^-5.
//
//   npm run build && valgrind --tool=callgrind node --single-threaded --predictable \
//     --import tsx test/bench/requestPath.ts dist [UNTIL]
// then subtract the same with UNTIL=0 (start-up and module loading). It imports the compiled DIST, so two
// builds (a copy of dist before a change, dist after) compare the same way. Prints events and end time.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = path.resolve(process.argv[2] ?? 'dist');
const until = Number(process.argv[3] ?? 6000);
const load = (file: string) => import(pathToFileURL(path.join(dist, file)).href);

const { Simulation } = await load('sim/engine/simulation.js');
const { DeadlineQueue } = await load('sim/engine/deadlineQueue.js');
const { RandomStreams } = await load('sim/engine/rng.js');
const { PredictCall } = await load('sim/model/serving/predictCall.js');
const { TfServingServer } = await load('sim/model/serving/tfServingPod.js');

const sim = new Simulation();
const stream = new RandomStreams(1).stream('requestPath');
const batching = { enabled: true, maxBatchSize: 128, batchTimeout: 1, maxEnqueuedBatches: 512, numBatchThreads: 2 };
const servers = Array.from({ length: 8 }, (_, i) => {
  const server = new TfServingServer(sim, i, batching, (tasks: number) => 0.05 + 0.004 * tasks);
  server.state = 'ready';
  return server;
});
const deadlines = new DeadlineQueue(sim, 20, (call: { onDeadline(): void }) => call.onDeadline());
// builds before PredictCall.reuse allocate a call per request, as their image consumer did
const reuses = 'reusable' in PredictCall.prototype;

class Client {
  private sending = false;
  private sent = 0;
  private last: any = null;

  step(): unknown {
    for (;;) {
      if (!this.sending) {
        this.sending = true;
        this.sent = 0;
        return -Math.log(1 - stream.next()) * 2;
      }
      if (this.sent === 3) {
        this.sending = false;
        continue;
      }
      this.sent++;
      const server = servers[Math.floor(stream.next() * servers.length)]!;
      const last = this.last;
      const call = reuses && last !== null && last.reusable ? last.reuse(16) : (this.last = new PredictCall(deadlines, 16));
      if (server.submit(call.request)) return call;
    }
  }
}

for (let i = 0; i < 240; i++) sim.process(new Client());
sim.run({ until });
console.log(JSON.stringify({ events: sim.eventsProcessed, now: sim.now }));
