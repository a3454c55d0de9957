/**
 * Comparing our output with the real kubectl's on the same cluster: both run the same
 * command line; a difference is retried a few times, because an AGE column or a pod's status
 * can change between the two runs — what stays different is a real difference.
 */
import type { Lab, Result } from './lab.js';

export async function sameAsKubectl(lab: Lab, kubeconfig: string, args: string[], attempts = 4): Promise<{ ours: Result; theirs: Result }> {
  let last: { ours: Result; theirs: Result } | undefined;
  for (let i = 0; i < attempts; i++) {
    const [theirs, ours] = await Promise.all([lab.kubectl(kubeconfig, ...args), lab.kubelab(...args)]);
    last = { ours, theirs: { ...theirs, stderr: theirs.stderr.replaceAll('kubectl', 'kubelab') } };
    if (ours.stdout === theirs.stdout && ours.code === theirs.code && ours.stderr === last.theirs.stderr) return last;
    await new Promise((r) => setTimeout(r, 300));
  }
  return last!;
}
