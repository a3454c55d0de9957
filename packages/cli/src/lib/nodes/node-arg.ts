/**
 * The NODE argument of `kubelab node …`: exactly one name, else kubectl's usage error
 * ("error: exactly one NODE is required, got 0" and the --help hint).
 */
import { UsageError } from '../cli/usage-error.js';

export function oneNode(args: readonly string[], extra = 0): string {
  if (args.length < 1 || args.length > 1 + extra) throw new UsageError(`exactly one NODE is required, got ${args.length}`);
  return args[0]!;
}
