/**
 * The API server's connection to kubelets that run in a node agent's process (`kubelab
 * node-agent`), as kube-apiserver's kubelet client dials a node's kubelet port for pods/log
 * and pods/exec. The agent serves its kubelets' /containerLogs and /exec on the host's
 * loopback and publishes where on its Node (annotation kubelab.dev/kubelet-endpoint, as a
 * real kubelet publishes status.daemonEndpoints.kubeletEndpoint); the daemon presents its own
 * token, which the agent checks with the API server before it answers.
 *
 * Nodes the daemon simulates itself are answered in-process, as before; a node with neither
 * answers as an unreachable kubelet does.
 *
 *   GET  <endpoint>/containerLogs/NS/POD/CONTAINER?node=NODE&follow=true&previous=true&tailLines=N&since=MS&timestamps=true&limitBytes=N
 *   POST <endpoint>/exec/NS/POD/CONTAINER?node=NODE&command=…&command=…[&trace=true]   (body: stdin) → ExecSyncResponse
 *   failures: the status code and {"message": "…"}
 */
import { request } from 'node:http';
import { resourceFor } from '@kubelab/core';
import type { KubeClient } from '@kubelab/core/client/client';
import { type AttachRequest, type ExecRequest, KubeletError, type KubeletConnection, type LogRequest, type LogResponse } from '../kubelet-connection.js';
import type { AttachTarget, ExecSyncResponse } from '../runtime/cri.js';

export const KUBELET_ENDPOINT_ANNOTATION = 'kubelab.dev/kubelet-endpoint';

const NODES = resourceFor('', 'v1', 'nodes')!;

export interface RemoteKubeletsOptions {
  /** The daemon's own connection (its node manager): nodes it simulates. */
  local: KubeletConnection & { get(name: string): unknown };
  client: KubeClient;
  /** The daemon's token, which agents accept. */
  token: string;
}

export class RemoteKubelets implements KubeletConnection {
  constructor(private readonly options: RemoteKubeletsOptions) {}

  async containerLogs(nodeName: string, req: LogRequest): Promise<LogResponse> {
    const endpoint = await this.endpointOf(nodeName);
    if (!endpoint) return this.options.local.containerLogs(nodeName, req);
    const q = new URLSearchParams({ node: nodeName });
    for (const [k, v] of Object.entries({ follow: req.follow, previous: req.previous, timestamps: req.timestamps, tailLines: req.tailLines, since: req.since, limitBytes: req.limitBytes })) {
      if (v !== undefined && v !== false) q.set(k, String(v));
    }
    const res = await this.send('GET', `${endpoint}/containerLogs/${path(req.namespace, req.pod, req.container)}?${q}`);
    if (!req.follow) return { text: await readAll(res.body), close: () => res.close() };
    return { text: '', follow: res.body, close: () => res.close() };
  }

  async exec(nodeName: string, req: ExecRequest): Promise<ExecSyncResponse> {
    const endpoint = await this.endpointOf(nodeName);
    if (!endpoint) return this.options.local.exec(nodeName, req);
    const q = new URLSearchParams({ node: nodeName });
    for (const c of req.command) q.append('command', c);
    if (req.trace) q.set('trace', 'true');
    const res = await this.send('POST', `${endpoint}/exec/${path(req.namespace, req.pod, req.container)}?${q}`, req.stdin ?? '');
    return JSON.parse(await readAll(res.body)) as ExecSyncResponse;
  }

  async attach(nodeName: string, req: AttachRequest): Promise<AttachTarget> {
    await this.refuseAttachOnAgentNodes(nodeName);
    return this.options.local.attach(nodeName, req);
  }

  async closeStdin(nodeName: string, req: AttachRequest, exitCode: number): Promise<void> {
    await this.refuseAttachOnAgentNodes(nodeName);
    return this.options.local.closeStdin(nodeName, req, exitCode);
  }

  /** An agent serves /containerLogs and /exec only; attach needs a stream it does not carry. */
  private async refuseAttachOnAgentNodes(nodeName: string): Promise<void> {
    if (await this.endpointOf(nodeName)) {
      throw new KubeletError(400, `node ${nodeName} runs in a kubelab node-agent, which does not serve attach: use kubectl logs -f or kubectl exec`);
    }
  }

  /** The agent's endpoint for a node the daemon does not simulate itself. */
  private async endpointOf(nodeName: string): Promise<string | undefined> {
    if (this.options.local.get(nodeName)) return undefined;
    try {
      const node = await this.options.client.get(NODES, nodeName);
      return node.metadata?.annotations?.[KUBELET_ENDPOINT_ANNOTATION] || undefined;
    } catch {
      return undefined;
    }
  }

  private send(method: string, url: string, body?: string): Promise<{ body: AsyncIterable<string>; close(): void }> {
    return new Promise((resolve, reject) => {
      const req = request(url, { method, agent: false, headers: { authorization: `Bearer ${this.options.token}` } }, (res) => {
        res.setEncoding('utf8');
        if (res.statusCode === 200) return resolve({ body: res, close: () => res.destroy() });
        readAll(res).then((text) => {
          let message = text.trim();
          try {
            message = (JSON.parse(text) as { message?: string }).message ?? message;
          } catch {
            // not JSON: the text itself
          }
          const code = res.statusCode === 400 || res.statusCode === 404 ? res.statusCode : 500;
          reject(new KubeletError(code, message));
        }, reject);
      });
      req.on('error', (err) => reject(new KubeletError(502, `${method === 'GET' ? 'Get' : 'Post'} "${url.split('?')[0]}": ${err.message}`)));
      req.end(body);
    });
  }
}

function path(namespace: string, pod: string, container: string | undefined): string {
  return [namespace, pod, container ?? ''].map(encodeURIComponent).join('/');
}

async function readAll(body: AsyncIterable<string | Buffer>): Promise<string> {
  let text = '';
  for await (const chunk of body) text += typeof chunk === 'string' ? chunk : chunk.toString('utf8');
  return text;
}
