import { RandomStreams } from '../../sim/engine/rng.ts';
import { runQueue } from '../engine/support/queues.ts';
const times: number[] = [];
for (let k = 0; k < 7; k++) {
  const s = new RandomStreams(1); const a = s.stream('arrivals'); const b = s.stream('service');
  const c0 = process.cpuUsage();
  runQueue({ servers: 4, customers: 1e6, interarrival: () => -Math.log(1 - a.next()) / 3.2, service: () => -Math.log(1 - b.next()) });
  const c = process.cpuUsage(c0); times.push((c.user + c.system) / 1e6);
}
times.sort(); console.log('cpu min', times[0], 'median', times[3]);
