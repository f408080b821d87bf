export { Simulation, SimulationError, Priority, type EventHandle, type RunOptions, type StopReason, type Timer, type EventHook } from './simulation.ts';
export { Process, Interrupt, FINISHED, type Finished, type Waitable, type Yieldable, type ProcessBody, type StepMachine } from './process.ts';
export { Store } from './store.ts';
export { Resource } from './resource.ts';
export { Signal } from './signal.ts';
export { Deque } from './deque.ts';
export { DeadlineQueue } from './deadlineQueue.ts';
export { Alarm } from './alarm.ts';
export { RandomStreams, deriveReplicationSeeds, type RandomStream, type Seed } from './rng.ts';
export {
  makeDistribution, meanOf, DISTRIBUTION_KINDS, type DistributionSpec, type DistributionKind, type Sampler,
} from './distributions.ts';
export type { BathtubParams } from './bathtub.ts';
export * from './stats/index.ts';
