export { Simulation, SimulationError, Priority, type EventHandle, type RunOptions, type StopReason, type Timer } from './simulation.ts';
export { Process, Interrupt, type Waitable, type Yieldable, type ProcessBody } from './process.ts';
export { Store } from './store.ts';
export { Resource } from './resource.ts';
export { Signal } from './signal.ts';
export { Deque } from './deque.ts';
