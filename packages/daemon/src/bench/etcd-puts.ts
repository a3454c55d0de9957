/**
 * Baseline: a real etcd 3.4 on loopback (its default, fsyncing durability) taking the same
 * 1 KiB puts from the etcd3 npm client — what kube-apiserver's storage would give on this
 * machine. The client is part of the figure, as it is for anyone using etcd from Node.
 */
import { Etcd3 } from 'etcd3';
import { type EtcdProcess, findEtcd, startEtcd } from '../store/etcd/etcd-process.js';
import { type ThroughputSession, benchKey, benchValue, runWriters, sequence } from './workload.js';

export const ETCD_INSTALL_HINT = 'apt-get install -y etcd-server etcd-client (or set ETCD_BIN to an etcd 3.4 binary)';

/** Undefined when no etcd binary is installed; the caller reports the figure as skipped. */
export async function openEtcdPuts(writers: number): Promise<ThroughputSession | undefined> {
  const bin = findEtcd();
  if (!bin) return undefined;
  const etcd: EtcdProcess = await startEtcd({ bin });
  const client = new Etcd3({ hosts: etcd.endpoint });
  try {
    await client.put('/kubelab-bench/ready').value('1');
  } catch (err) {
    client.close();
    await etcd.stop();
    throw err;
  }
  const value = benchValue();
  const next = sequence();
  return {
    note: `etcd ${etcd.version} at ${etcd.endpoint}, default durability (fsync per batch)`,
    measure: (durationMs) => runWriters(writers, durationMs, (seq) => client.put(benchKey(seq)).value(value).exec(), next),
    async close() {
      client.close();
      await etcd.stop();
    },
  };
}
