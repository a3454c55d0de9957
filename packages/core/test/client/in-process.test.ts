import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/meta.js';
import { resourceFor } from '../../src/api/registry.js';
import { StatusError } from '../../src/api/status.js';
import { KubeClient, resourcePath } from '../../src/client/client.js';
import { type InProcessRequest, type InProcessResponse, InProcessTransport } from '../../src/client/in-process.js';
import { decodeWatchLines } from '../../src/client/transport.js';

const PODS = resourceFor('', 'v1', 'pods')!;
const DEPLOYMENTS = resourceFor('apps', 'v1', 'deployments')!;
const NAMESPACES = resourceFor('', 'v1', 'namespaces')!;

async function* chunks(...parts: string[]): AsyncGenerator<string> {
  for (const p of parts) yield p;
}

describe('resource paths', () => {
  it('follow the Kubernetes API layout for core and named groups, namespaced and not', () => {
    expect(resourcePath(PODS, { namespace: 'ns', name: 'p', subresource: 'status' })).toBe('/api/v1/namespaces/ns/pods/p/status');
    expect(resourcePath(DEPLOYMENTS)).toBe('/apis/apps/v1/deployments');
    expect(resourcePath(NAMESPACES, { name: 'team', subresource: 'finalize' })).toBe('/api/v1/namespaces/team/finalize');
  });
});

describe('watch lines', () => {
  it('are decoded across chunk boundaries, one event per line', async () => {
    const events = [];
    for await (const ev of decodeWatchLines(chunks('{"type":"ADDED","object":{"a":1}}\n{"type":"MOD', 'IFIED","object":{}}\n', '{"type":"DELETED","object":{}}'))) {
      events.push(ev.type);
    }
    expect(events).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
  });
});

describe('InProcessTransport', () => {
  it('never shares an object with the server in either direction', async () => {
    const stored: KubeObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns' } };
    let received: unknown;
    const handler = async (req: InProcessRequest): Promise<InProcessResponse> => {
      if (req.method === 'POST') received = JSON.parse(req.body!.toString('utf8'));
      return { status: 200, body: stored };
    };
    const client = new KubeClient(new InProcessTransport(handler));
    const mine: KubeObject = { metadata: { name: 'p', namespace: 'ns', labels: { a: 'b' } } };
    await client.create(PODS, mine);
    mine.metadata!.labels!['a'] = 'changed';
    expect(received).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { labels: { a: 'b' } } });
    const got = await client.get(PODS, 'p', { namespace: 'ns' });
    got.metadata!.name = 'mutated';
    expect(stored.metadata!.name).toBe('p');
  });

  it('turns a non-2xx answer into a StatusError carrying the server’s Status', async () => {
    const client = new KubeClient(
      new InProcessTransport(async () => ({
        status: 404,
        body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404, message: 'pods "x" not found' },
      })),
    );
    const err = await client.get(PODS, 'x', { namespace: 'ns' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatusError);
    expect((err as StatusError).reason).toBe('NotFound');
    expect((err as StatusError).message).toBe('pods "x" not found');
  });

  it('sends selectors, the metadata-only Accept header and a user agent', async () => {
    const seen: InProcessRequest[] = [];
    const client = new KubeClient(
      new InProcessTransport(async (req) => {
        seen.push(req);
        return { status: 200, body: { kind: 'PodList', apiVersion: 'v1', metadata: {}, items: [] } };
      }),
    );
    await client.list(PODS, { namespace: 'ns', labelSelector: 'app=web', fieldSelector: 'spec.nodeName=n1', metadataOnly: true });
    expect(seen[0]!.url).toBe('/api/v1/namespaces/ns/pods?labelSelector=app%3Dweb&fieldSelector=spec.nodeName%3Dn1');
    expect(seen[0]!.headers['accept']).toContain('as=PartialObjectMetadataList');
    expect(seen[0]!.headers['user-agent']).toMatch(/^kubelab\//);
  });

  it('stops a watch at once when closed, even while it waits for the next event', async () => {
    let closedByClient = false;
    const client = new KubeClient(
      new InProcessTransport(async () => ({
        status: 200,
        contentType: 'application/json',
        stream: (async function* () {
          yield '{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n';
          await new Promise(() => undefined);
        })(),
        close: () => {
          closedByClient = true;
        },
      })),
    );
    const watch = await client.watch(PODS);
    const types: string[] = [];
    const consumed = (async () => {
      for await (const ev of watch) types.push(ev.type);
    })();
    await new Promise((r) => setImmediate(r));
    watch.close();
    await consumed;
    expect(types).toEqual(['ADDED']);
    expect(closedByClient).toBe(true);
  });

  it('rejects a watch the server refuses with its Status', async () => {
    const client = new KubeClient(
      new InProcessTransport(async () => ({
        status: 410,
        body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Expired', code: 410, message: 'too old resource version: 1 (5)' },
      })),
    );
    await expect(client.watch(PODS, { resourceVersion: '1' })).rejects.toMatchObject({ code: 410 });
  });
});
