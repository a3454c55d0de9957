/** The lines that tell a user how to point kubectl at kubelab. */
import { defaultDataDir } from '../lib/data-dir.js';
import { shellQuote } from './shell-quote.js';

export function kubectlHint(kubeconfig: string, dataDir: string): string {
  const dataDirFlag = dataDir === defaultDataDir() ? '' : ` --data-dir ${shellQuote(dataDir)}`;
  return [
    'Use it with kubectl:',
    `  export KUBECONFIG=${shellQuote(kubeconfig)}`,
    '  kubectl get ns',
    `or merge it into your kubeconfig: kubelab kubeconfig --merge${dataDirFlag}`,
  ].join('\n');
}
