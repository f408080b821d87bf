import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { loadScenario } from '../../sim/scenario/load.ts';
import { runOne } from '../../sim/results/runScenario.ts';
import { summarize } from '../../sim/results/summary.ts';
import { slimReplication } from '../../sim/sweep/slim.ts';
import { decodeResult, encodeResult } from '../../sim/sweep/redis/codec.ts';

const strip = (s: ReturnType<typeof summarize>) => ({ ...s, engine: { ...s.engine, wall_s: 0, events_per_s: 0 } });

for (const [name, sets] of [['a completed run', ['workload.images=150']], ['a run stopped by its time limit (unfinished images)', ['time_limit=60s']]] as const) {
  test(`summarize reads only what a slim result keeps: ${name}`, () => {
    const { config } = loadScenario('scenarios/examples/quick.yaml', [...sets]);
    const reps = [runOne(config, 11), runOne(config, 12)];
    const full = summarize('quick', reps);
    const slim = reps.map(slimReplication);
    assert.equal(strip(summarize('quick', slim)), strip(full));
    assert.is(slim[0]!.events.length, 0);
    assert.is(slim[0]!.timeseries.times.length, 0);
    assert.is(slim[0]!.record.zip.length, 0, 'columns only images.csv writes are dropped');
    // and through the Redis codec, with the NaN of unfinished images intact
    assert.equal(strip(summarize('quick', slim.map((r) => decodeResult(encodeResult(r))))), strip(full));
  });
}

test.run();
