/**
 * IP address and CIDR checks with the messages of k8s.io/apimachinery/pkg/util/validation
 * (IsValidIP, IsValidCIDR, IsValidIPv4Address, IsValidIPv6Address) and of
 * pkg/apis/core/validation ValidateNonSpecialIP. Parsing is "sloppy" like netutils:
 * IPv4 octets may carry leading zeros.
 */
import { type Errs, invalid } from './field.js';

/** The 16 bytes of an address (IPv4 as an IPv4-mapped IPv6 address), or undefined. */
export function parseIP(text: string): { bytes: number[]; v4: boolean } | undefined {
  const v4 = parseIPv4(text);
  if (v4) return { bytes: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4], v4: true };
  const v6 = parseIPv6(text);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return { bytes: v6, v4: mapped };
}

function parseIPv4(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out: number[] = [];
  for (const p of parts) {
    if (!/^[0-9]{1,3}$/.test(p)) return undefined;
    const n = Number.parseInt(p, 10);
    if (n > 255) return undefined;
    out.push(n);
  }
  return out;
}

function parseIPv6(text: string): number[] | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (s: string): number[] | undefined => {
    if (s === '') return [];
    const out: number[] = [];
    const parts = s.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return undefined;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(Number.parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (!head || !tail) return undefined;
  let all: number[];
  if (halves.length === 2) {
    if (head.length + tail.length > 7) return undefined;
    all = [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  } else {
    if (head.length !== 8) return undefined;
    all = head;
  }
  return all.flatMap((g) => [g >> 8, g & 0xff]);
}

export function isIPv6String(text: string): boolean {
  const ip = parseIP(text);
  return !!ip && !ip.v4;
}

export function validateIP(field: string, value: string): Errs {
  return parseIP(value) ? [] : [invalid(field, value, 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)')];
}

export function validateIPv4(field: string, value: string): Errs {
  const ip = parseIP(value);
  return ip?.v4 ? [] : [invalid(field, value, 'must be a valid IPv4 address')];
}

export function validateIPv6(field: string, value: string): Errs {
  const ip = parseIP(value);
  return ip && !ip.v4 ? [] : [invalid(field, value, 'must be a valid IPv6 address')];
}

export function validateCIDR(field: string, value: string): Errs {
  const slash = value.indexOf('/');
  const ip = slash < 0 ? undefined : parseIP(value.slice(0, slash));
  const bits = slash < 0 ? '' : value.slice(slash + 1);
  const max = ip?.v4 && !value.slice(0, slash).includes(':') ? 32 : 128;
  const ok = !!ip && /^[0-9]{1,3}$/.test(bits) && Number.parseInt(bits, 10) <= max;
  return ok ? [] : [invalid(field, value, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
}

/**
 * ValidateNonSpecialIP: endpoints and external IPs may not be unspecified, loopback or
 * link-local addresses.
 */
export function validateNonSpecialIP(field: string, value: string): Errs {
  const ip = parseIP(value);
  if (!ip) return [invalid(field, value, 'must be a valid IP address')];
  const b = ip.bytes;
  const errs: Errs = [];
  const v4 = ip.v4 ? b.slice(12) : undefined;
  const unspecified = v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  const linkLocalMulticast = v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(field, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(field, value, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  if (linkLocal) errs.push(invalid(field, value, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (linkLocalMulticast) errs.push(invalid(field, value, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  return errs;
}
