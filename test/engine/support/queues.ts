import { FINISHED, Resource, Simulation, type Finished, type StepMachine, type Yieldable } from '../../../sim/engine/index.ts';

/**
 * A G/G/c queue written with the engine's ordinary public API: one source process that sleeps an
 * inter-arrival time and starts a customer process; each customer acquires one of `c` servers from a
 * Resource, holds it for a service time and releases it. Customers are created one at a time as they
 * arrive, so memory follows the number in the system, not the number served.
 */
export interface QueueSpec {
  /** Number of servers. */
  servers: number;
  /** Customers to generate. */
  customers: number;
  /** Draws an inter-arrival time (s). */
  interarrival: () => number;
  /** Draws a service time (s). */
  service: () => number;
  /** Called once per customer when it starts service: (arrival time, start time), both in s. */
  onStart?: (arrived: number, started: number) => void;
  /** Called when the number in the system changes: (now, number in system). */
  onCount?: (now: number, inSystem: number) => void;
}

export interface QueueRun {
  sim: Simulation;
  served: number;
  /** Mean time in queue (s) over all customers. */
  meanWait: number;
}

export function runQueue(spec: QueueSpec, sim = new Simulation()): QueueRun {
  const servers = new Resource(spec.servers);
  const { service, interarrival, onStart, onCount } = spec;
  let served = 0;
  let waitSum = 0;
  let inSystem = 0;

  function* customer() {
    const arrived = sim.now;
    yield servers.acquire();
    waitSum += sim.now - arrived;
    if (onStart) onStart(arrived, sim.now);
    yield service();
    servers.release();
    served++;
    if (onCount) onCount(sim.now, --inSystem);
  }

  function* source() {
    for (let i = 0; i < spec.customers; i++) {
      yield interarrival();
      if (onCount) onCount(sim.now, ++inSystem);
      sim.process(customer());
    }
  }

  sim.process(source());
  sim.run();
  return { sim, served, meanWait: served ? waitSum / served : NaN };
}

/**
 * The same G/G/c queue written with event callbacks instead of processes: an arrival event requests a
 * server (`Resource.request`), the grant schedules the departure, the departure releases the server.
 */
export function runQueueCallbacks(spec: QueueSpec, sim = new Simulation()): QueueRun {
  const servers = new Resource(spec.servers);
  const { service, interarrival } = spec;
  let served = 0;
  let waitSum = 0;
  let arrived = 0;
  const depart = (): void => {
    servers.release();
    served++;
  };
  const arrive = (): void => {
    const at = sim.now;
    servers.request(sim, () => {
      waitSum += sim.now - at;
      sim.post(service(), depart);
    });
    if (++arrived < spec.customers) sim.post(interarrival(), arrive);
  };
  sim.post(interarrival(), arrive);
  sim.run();
  return { sim, served, meanWait: served ? waitSum / served : NaN };
}

/**
 * The same G/G/c queue with each customer a StepMachine instead of a generator (the source stays a
 * generator): the same yields in the same order, so the same events; a customer is then one small
 * object and its Process, with no generator object and no IteratorResult per resume.
 */
export function runQueueMachines(spec: QueueSpec, sim = new Simulation()): QueueRun {
  const servers = new Resource(spec.servers);
  const acquire = servers.acquire();
  const { service, interarrival, onStart, onCount } = spec;
  let served = 0;
  let waitSum = 0;
  let inSystem = 0;

  /** A customer: 0 = arrive and request a server, 1 = granted, hold it; 2 = served, release it. */
  class Customer implements StepMachine<void> {
    private at = 0;
    private readonly arrived = sim.now;
    step(): Yieldable | Finished {
      if (this.at === 0) {
        this.at = 1;
        return acquire;
      }
      if (this.at === 1) {
        waitSum += sim.now - this.arrived;
        if (onStart) onStart(this.arrived, sim.now);
        this.at = 2;
        return service();
      }
      servers.release();
      served++;
      if (onCount) onCount(sim.now, --inSystem);
      return FINISHED;
    }
  }

  function* source() {
    for (let i = 0; i < spec.customers; i++) {
      yield interarrival();
      if (onCount) onCount(sim.now, ++inSystem);
      sim.process(new Customer());
    }
  }

  sim.process(source());
  sim.run();
  return { sim, served, meanWait: served ? waitSum / served : NaN };
}
