/**
 * The kubeconfig the `config` commands read and write: --kubeconfig, else $KUBECONFIG's
 * files (writes go to the first), else kubelab's own (<data dir>/kubeconfig), even while
 * kubelab is not running.
 */
import { daemonFiles, resolveDataDir } from '../data-dir.js';
import { type KubeconfigEntries, kubeconfigPaths, readKubeconfigs } from '../kube/kubeconfig-files.js';

export interface ConfigFlags {
  kubeconfig?: string | undefined;
  'data-dir'?: string | undefined;
}

export async function loadConfig(flags: ConfigFlags): Promise<{ entries: KubeconfigEntries; writePath: string }> {
  const chosen = kubeconfigPaths(flags.kubeconfig) ?? { paths: [daemonFiles(resolveDataDir(flags['data-dir'])).kubeconfig], explicit: false };
  const entries = await readKubeconfigs(chosen.paths, chosen.explicit);
  return { entries, writePath: entries.files[0] ?? chosen.paths[0]! };
}
