/**
 * Running one probe (pkg/kubelet/prober/prober.go): exec in the container (exit 0 passes),
 * an HTTP GET from the node to the pod IP (200–399 passes), or a TCP connect. The output of
 * a failure is upstream's, because it ends up in the Unhealthy event:
 *
 *   HTTP probe failed with statuscode: 500
 *   Get "http://10.244.1.7:8080/healthz": dial tcp 10.244.1.7:8080: connect: connection refused
 *   dial tcp 10.244.1.7:6379: connect: connection refused
 *   cat: can't open '/tmp/healthy': No such file or directory      (an exec probe's output)
 */
import type { ClusterNetwork, NetworkSource } from '../network/network.js';
import type { RuntimeService } from '../runtime/cri.js';
import type { ContainerSpec, Handler, Probe } from './pod-types.js';

export interface ProbeResult {
  success: boolean;
  output: string;
}

export interface ProbeTarget {
  runtime: RuntimeService;
  network: ClusterNetwork;
  /** The node's own address: probes come from the kubelet. */
  source: NetworkSource;
  containerId: string;
  container: ContainerSpec;
  podIP: string | undefined;
  sleep(ms: number): Promise<void>;
}

export const PROBE_USER_AGENT = 'kube-probe/1.32';

export async function runProbe(probe: Probe | Handler, target: ProbeTarget, timeoutSeconds = (probe as Probe).timeoutSeconds ?? 1): Promise<ProbeResult> {
  if (probe.exec) {
    const cmd = probe.exec.command ?? [];
    try {
      const r = await target.runtime.execSync(target.containerId, cmd, timeoutSeconds);
      if (r.timedOut) return { success: false, output: `command ${JSON.stringify(cmd.join(' '))} timed out` };
      return { success: r.exitCode === 0, output: (r.stdout + r.stderr).trimEnd() };
    } catch (err) {
      return { success: false, output: String((err as Error)?.message ?? err) };
    }
  }
  if (probe.httpGet || probe.tcpSocket || probe.grpc) {
    const action = probe.httpGet ?? probe.tcpSocket ?? { port: probe.grpc!.port };
    const host = ('host' in action && action.host) || target.podIP || target.source.ip;
    const port = resolvePort(action.port, target.container);
    if (port === undefined) return { success: false, output: `unable to resolve port ${String(action.port)}` };
    const http = probe.httpGet;
    const path = http?.path || '/';
    const scheme = (http?.scheme ?? 'HTTP').toLowerCase();
    const url = `${scheme}://${host}:${port}${path}`;
    const headers: Record<string, string> = { 'User-Agent': PROBE_USER_AGENT, Accept: '*/*' };
    for (const h of http?.httpHeaders ?? []) headers[h.name] = h.value;
    const result = await target.network.connect({
      source: target.source,
      ip: host,
      port,
      protocol: 'TCP',
      ...(http ? { http: { method: 'GET', path, host: `${host}:${port}`, headers } } : {}),
    });
    const dial = `dial tcp ${host}:${port}`;
    switch (result.outcome) {
      case 'refused':
        return { success: false, output: http ? `Get "${url}": ${dial}: connect: connection refused` : `${dial}: connect: connection refused` };
      case 'unreachable':
        return { success: false, output: http ? `Get "${url}": ${dial}: connect: no route to host` : `${dial}: connect: no route to host` };
      case 'timeout':
        await target.sleep(timeoutSeconds * 1000);
        return { success: false, output: http ? `Get "${url}": context deadline exceeded (Client.Timeout exceeded while awaiting headers)` : `${dial}: i/o timeout` };
      case 'connected':
        if (!http) return { success: true, output: '' };
        if (!result.http) return { success: false, output: `Get "${url}": EOF` };
        if (result.http.status >= 200 && result.http.status < 400) return { success: true, output: '' };
        return { success: false, output: `HTTP probe failed with statuscode: ${result.http.status}` };
    }
  }
  if (probe.sleep) {
    await target.sleep(probe.sleep.seconds * 1000);
    return { success: true, output: '' };
  }
  return { success: false, output: 'missing probe handler' };
}

/** A port number, or a named port of the container. */
export function resolvePort(port: number | string, c: ContainerSpec): number | undefined {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  return c.ports?.find((p) => p.name === port)?.containerPort;
}
