import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { NodeList } from '../../../sim/model/cluster/nodeList.ts';
import { configFrom } from '../../support/configFrom.ts';

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
  a.state = 'provisioning';
  assert.is(list.billed('gpu'), 1);
  assert.is(list.poolSize('consumer'), 0);
});

test.run();
