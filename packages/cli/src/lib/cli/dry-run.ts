/** kubectl's --dry-run: "none" (or unset), "client", "server"; a bare --dry-run meant client. */
import { KubelabError } from '../errors.js';

export function dryRunOf(value: string | undefined): 'none' | 'client' | 'server' {
  if (value === undefined || value === '' || value === 'none' || value === 'false') return 'none';
  if (value === 'client' || value === 'true') return 'client';
  if (value === 'server') return 'server';
  throw new KubelabError(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
}
