import { afterEach, describe, expect, it } from 'vitest';
import { DESCRIPTION, DESCRIPTION_ANNOTATION } from '../../src/controllers/serviceaccount/root-ca-cert-publisher.js';
import { CA_PEM, CONFIG_MAPS, NAMESPACES, SERVICE_ACCOUNTS, type TestCluster, find, startCluster } from './cluster.js';

let cluster: TestCluster;

afterEach(async () => {
  await cluster?.stop();
});

describe('service account controller and root CA publisher', () => {
  it('give a new namespace its default ServiceAccount and kube-root-ca.crt', async () => {
    cluster = await startCluster();
    const { client, eventually } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'fresh' } });
    const sa = await eventually(() => client.get(SERVICE_ACCOUNTS, 'default', { namespace: 'fresh' }));
    expect(sa.metadata?.name).toBe('default');
    const cm = await eventually(() => client.get(CONFIG_MAPS, 'kube-root-ca.crt', { namespace: 'fresh' }));
    expect(cm['data']).toEqual({ 'ca.crt': CA_PEM });
    expect(cm.metadata?.annotations?.[DESCRIPTION_ANNOTATION]).toBe(DESCRIPTION);
  });

  it('also fill the namespaces that existed before they started', async () => {
    cluster = await startCluster();
    const { client, eventually } = cluster;
    await eventually(async () => {
      expect(await find(client, SERVICE_ACCOUNTS, 'default', 'kube-system')).toBeDefined();
      expect(await find(client, CONFIG_MAPS, 'kube-root-ca.crt', 'default')).toBeDefined();
    });
  });

  it('bring back a deleted default ServiceAccount', async () => {
    cluster = await startCluster();
    const { client, eventually } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'ns1' } });
    const first = await eventually(() => client.get(SERVICE_ACCOUNTS, 'default', { namespace: 'ns1' }));
    await client.delete(SERVICE_ACCOUNTS, 'default', { namespace: 'ns1' });
    const second = await eventually(async () => {
      const sa = await client.get(SERVICE_ACCOUNTS, 'default', { namespace: 'ns1' });
      expect(sa.metadata?.uid).not.toBe(first.metadata?.uid);
      return sa;
    });
    expect(second.metadata?.name).toBe('default');
  });

  it('put back an edited kube-root-ca.crt', async () => {
    cluster = await startCluster();
    const { client, eventually } = cluster;
    await client.create(NAMESPACES, { metadata: { name: 'ns2' } });
    const cm = await eventually(() => client.get(CONFIG_MAPS, 'kube-root-ca.crt', { namespace: 'ns2' }));
    await client.update(CONFIG_MAPS, { ...cm, data: { 'ca.crt': 'tampered' } });
    await eventually(async () => {
      const now = await client.get(CONFIG_MAPS, 'kube-root-ca.crt', { namespace: 'ns2' });
      expect(now['data']).toEqual({ 'ca.crt': CA_PEM });
    });
  });

  it('create nothing in a namespace that is terminating', async () => {
    cluster = await startCluster({ controllers: ['serviceaccount-controller', 'root-ca-certificate-publisher-controller'] });
    const { client, clock } = cluster;
    // Created and deleted at once: without the namespace controller it stays Terminating.
    await client.create(NAMESPACES, { metadata: { name: 'doomed' } });
    await client.delete(NAMESPACES, 'doomed');
    for (let i = 0; i < 20; i++) {
      await new Promise((r) => setTimeout(r, 1));
      clock.advance(100);
    }
    expect(await find(client, NAMESPACES, 'doomed')).toBeDefined();
    expect((await client.list(SERVICE_ACCOUNTS, { namespace: 'doomed' })).items).toEqual([]);
  });
});
