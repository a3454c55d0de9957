/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go). The fixed chains hook the
 * built-in ones; each Service port gets chains named by a hash of its name, so they look
 * exactly like a real cluster's: default/kubernetes:https over TCP is KUBE-SVC-NPX46M4PTMTKRN6Y
 * here as everywhere, and kube-system/kube-dns:dns over UDP is KUBE-SVC-TCOU7JCQXEZGVUNU.
 *
 *   KUBE-SVC-<h>   the Service port's ClusterIP traffic, spread over its endpoints
 *   KUBE-SVL-<h>   the same, node-local endpoints only (externalTrafficPolicy: Local)
 *   KUBE-EXT-<h>   traffic from outside (NodePort, external and LoadBalancer IPs)
 *   KUBE-FW-<h>    LoadBalancer traffic checked against loadBalancerSourceRanges
 *   KUBE-SEP-<h>   one endpoint: mark hairpin traffic, DNAT to ip:port
 *
 * The hash is upstream's: SHA-256 of the port name and lower-case protocol (plus the
 * endpoint's "ip:port" for KUBE-SEP), base32-encoded, its first 16 characters.
 */
import { createHash } from 'node:crypto';

export const KUBE_SERVICES = 'KUBE-SERVICES';
export const KUBE_EXTERNAL_SERVICES = 'KUBE-EXTERNAL-SERVICES';
export const KUBE_NODEPORTS = 'KUBE-NODEPORTS';
export const KUBE_POSTROUTING = 'KUBE-POSTROUTING';
export const KUBE_MARK_MASQ = 'KUBE-MARK-MASQ';
export const KUBE_FORWARD = 'KUBE-FORWARD';
export const KUBE_FIREWALL = 'KUBE-FIREWALL';
export const KUBE_PROXY_FIREWALL = 'KUBE-PROXY-FIREWALL';
export const KUBE_PROXY_CANARY = 'KUBE-PROXY-CANARY';
/** Made by the kubelet, not kube-proxy; present on every node all the same. */
export const KUBE_KUBELET_CANARY = 'KUBE-KUBELET-CANARY';

/** kube-proxy's --iptables-masquerade-bit 14. */
export const MASQUERADE_MARK = 0x4000;

export type Protocol = 'tcp' | 'udp' | 'sctp';

/** "ns/name:port", or "ns/name" for an unnamed port (proxy.ServicePortName's String()). */
export function servicePortName(namespace: string, name: string, port: string | undefined): string {
  return port ? `${namespace}/${name}:${port}` : `${namespace}/${name}`;
}

export function serviceChain(svcPortName: string, protocol: Protocol): string {
  return `KUBE-SVC-${portProtoHash(svcPortName, protocol)}`;
}

export function serviceLocalChain(svcPortName: string, protocol: Protocol): string {
  return `KUBE-SVL-${portProtoHash(svcPortName, protocol)}`;
}

export function externalChain(svcPortName: string, protocol: Protocol): string {
  return `KUBE-EXT-${portProtoHash(svcPortName, protocol)}`;
}

export function firewallChain(svcPortName: string, protocol: Protocol): string {
  return `KUBE-FW-${portProtoHash(svcPortName, protocol)}`;
}

/** The chain of one endpoint ("10.244.1.5:80") of a Service port. */
export function endpointChain(svcPortName: string, protocol: Protocol, endpoint: string): string {
  return `KUBE-SEP-${hash16(svcPortName + protocol + endpoint)}`;
}

function portProtoHash(svcPortName: string, protocol: Protocol): string {
  return hash16(svcPortName + protocol);
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The first 16 characters of the RFC 4648 base32 encoding of SHA-256(text). */
function hash16(text: string): string {
  const digest = createHash('sha256').update(text).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of digest) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < 16) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    if (out.length >= 16) break;
  }
  return out;
}
