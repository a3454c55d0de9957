/**
 * Host ports in use on a node (framework.HostPortInfo): by host IP, the set of
 * protocol/port pairs. 0.0.0.0 (the default when hostIP is empty) conflicts with every IP;
 * a specific IP conflicts with itself and with 0.0.0.0. The protocol defaults to TCP.
 *
 *   used: 0.0.0.0 TCP/80, 127.0.0.1 UDP/53
 *   wants 10.0.0.1 TCP/80 → conflict (0.0.0.0 holds it)   wants 0.0.0.0 UDP/53 → conflict
 *   wants 10.0.0.1 UDP/53 → free
 */
export const DEFAULT_BIND_ALL_HOST_IP = '0.0.0.0';

export interface HostPort {
  ip: string;
  protocol: string;
  port: number;
}

export class HostPortInfo {
  private readonly byIp = new Map<string, Map<string, number>>();

  add(ip: string | undefined, protocol: string | undefined, port: number | undefined): void {
    if (!port || port <= 0) return;
    const k = `${protocol || 'TCP'}/${port}`;
    const i = ip || DEFAULT_BIND_ALL_HOST_IP;
    let m = this.byIp.get(i);
    if (!m) this.byIp.set(i, (m = new Map()));
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  remove(ip: string | undefined, protocol: string | undefined, port: number | undefined): void {
    if (!port || port <= 0) return;
    const k = `${protocol || 'TCP'}/${port}`;
    const i = ip || DEFAULT_BIND_ALL_HOST_IP;
    const m = this.byIp.get(i);
    if (!m) return;
    const n = (m.get(k) ?? 0) - 1;
    if (n > 0) m.set(k, n);
    else m.delete(k);
    if (m.size === 0) this.byIp.delete(i);
  }

  checkConflict(ip: string | undefined, protocol: string | undefined, port: number | undefined): boolean {
    if (!port || port <= 0) return false;
    const k = `${protocol || 'TCP'}/${port}`;
    const i = ip || DEFAULT_BIND_ALL_HOST_IP;
    if (i === DEFAULT_BIND_ALL_HOST_IP) {
      for (const m of this.byIp.values()) if (m.has(k)) return true;
      return false;
    }
    return !!this.byIp.get(DEFAULT_BIND_ALL_HOST_IP)?.has(k) || !!this.byIp.get(i)?.has(k);
  }

  get size(): number {
    let n = 0;
    for (const m of this.byIp.values()) n += m.size;
    return n;
  }

  clone(): HostPortInfo {
    const c = new HostPortInfo();
    for (const [ip, m] of this.byIp) c.byIp.set(ip, new Map(m));
    return c;
  }
}
