import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import { configFrom } from '../../support/configFrom.ts';
import { RandomStreams } from '../../../sim/engine/rng.ts';
import type { ClusterNode, NodeState, PoolName } from '../../../sim/model/cluster/node.ts';

const pools = configFrom().cluster.pools;

test('nodes get increasing ids and pool names; lookups by id survive removals', () => {
  const list = new NodeList();
  const a = list.create('gpu', pools.gpu);
  const b = list.create('consumer', pools.consumer);
  const c = list.create('gpu', pools.gpu);
  assert.equal([a.name, b.name, c.name], ['gpu-node-0', 'consumer-node-1', 'gpu-node-2']);
  assert.is(a.gpus, pools.gpu.machine.gpus);
  assert.is(a.state, 'requested');
  list.remove(b);
  assert.is(list.byId(2), c);
  assert.is(list.byId(1), undefined);
  assert.is(list.create('default', pools.default).id, 3, 'ids are never reused');
});

test('pool size counts every node not gone; billed only those whose VM exists', () => {
  const list = new NodeList();
  const a = list.create('gpu', pools.gpu);
  list.create('gpu', pools.gpu);
  assert.is(list.poolSize('gpu'), 2);
  assert.is(list.billed('gpu'), 0);
  list.setState(a, 'provisioning');
  assert.is(list.billed('gpu'), 1);
  assert.is(list.poolSize('consumer'), 0);
});

test('the per-pool state counts equal recounts through random creates, state changes and removals', () => {
  const rng = new RandomStreams(2).stream('node-list');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng.next() * xs.length)]!;
  const POOLS: readonly PoolName[] = ['gpu', 'consumer', 'default'];
  const STATES: readonly NodeState[] = ['requested', 'provisioning', 'gpu-unready', 'running', 'draining', 'gone'];
  const list = new NodeList();
  const all: ClusterNode[] = [];
  for (let step = 0; step < 3000; step++) {
    const r = rng.next();
    if (r < 0.3 || list.nodes.length === 0) all.push(list.create(pick(POOLS), pools.gpu));
    else if (r < 0.85) list.setState(pick(list.nodes), pick(STATES));
    else list.remove(pick(list.nodes));
    if (rng.next() < 0.05) list.remove(pick(all)); // removing a node already removed changes no count
    for (const pool of POOLS) {
      for (const state of STATES) assert.is(list.count(pool, state), list.nodes.filter((n) => n.pool === pool && n.state === state).length, `${pool} ${state} at step ${step}`);
      assert.is(list.poolSize(pool), list.nodes.filter((n) => n.pool === pool).length);
      assert.is(list.billed(pool), list.nodes.filter((n) => n.pool === pool && n.state !== 'requested').length);
    }
  }
});

test.run();
