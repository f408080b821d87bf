import { loadScenario } from './sim/scenario/load.ts';
import { KioskContext } from './sim/model/kiosk.ts';
const { config } = loadScenario('scenarios/paper/2020-8gpu-0.5s-100k.yaml', []);
const ctx = new KioskContext(config, 1);
const t0 = performance.now();
ctx.run();
console.log({ wall: (performance.now() - t0) / 1000, events: ctx.sim.eventsProcessed, zipPushes: ctx.zipQueue.pushes, imgPushes: ctx.imageQueue.pushes, zipEmpty: ctx.zipQueue.emptyPolls, imgEmpty: ctx.imageQueue.emptyPolls, makespan: ctx.lastFinish, zipPods: ctx.zipPods.length, imagePods: ctx.imagePods.length, counters: ctx.counters });
