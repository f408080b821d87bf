import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Alarm, Simulation, SimulationError } from '../../sim/engine/index.ts';

test('an alarm rings where the same sim.schedule would have run: ties with scheduled events keep queueing order', () => {
  // the same program twice: once with a reusable Alarm, once with a new event per setting
  const trace = (useAlarm: boolean): string[] => {
    const sim = new Simulation();
    const log: string[] = [];
    let rings = 0;
    const ring = (): void => {
      log.push(`ring ${rings} at ${sim.now}`);
      if (++rings < 4) {
        sim.schedule(1, () => log.push(`before ${rings} at ${sim.now}`)); // queued before the alarm: runs first on the tie
        setAgain();
        sim.schedule(1, () => log.push(`after ${rings} at ${sim.now}`)); // queued after: runs after it
      }
    };
    const alarm = new Alarm(sim, ring);
    const setAgain = (): void => (useAlarm ? alarm.set(1) : void sim.schedule(1, ring));
    setAgain();
    sim.schedule(1, () => log.push('first tie'));
    sim.run();
    return log;
  };
  const withAlarm = trace(true);
  assert.equal(withAlarm, trace(false));
  assert.equal(withAlarm.slice(0, 4), ['ring 0 at 1', 'first tie', 'before 1 at 2', 'ring 1 at 2']);
});

test('an alarm is pending until it rings or is cleared; a cleared alarm does not ring and can be set again', () => {
  const sim = new Simulation();
  let rang = 0;
  const alarm = new Alarm(sim, () => rang++);
  assert.not.ok(alarm.pending);
  alarm.set(5);
  assert.ok(alarm.pending);
  assert.is(sim.pending, 1);
  assert.ok(alarm.clear());
  assert.not.ok(alarm.clear(), 'nothing left to clear');
  assert.not.ok(alarm.pending);
  sim.run();
  assert.is(rang, 0);
  alarm.set(2);
  sim.run();
  assert.is(rang, 1);
  assert.is(sim.now, 2);
  assert.not.ok(alarm.pending);
});

test('setting a pending alarm or a negative delay is a SimulationError', () => {
  const sim = new Simulation();
  const alarm = new Alarm(sim, () => {});
  assert.throws(() => alarm.set(-1), (e: unknown) => e instanceof SimulationError && /negative or NaN/.test((e as Error).message));
  assert.throws(() => alarm.set(NaN), (e: unknown) => e instanceof SimulationError);
  alarm.set(1);
  assert.throws(() => alarm.set(1), (e: unknown) => e instanceof SimulationError && /while pending/.test((e as Error).message));
});

test.run();
