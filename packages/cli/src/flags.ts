/**
 * Flags shared by several commands. Flags that choose *which* kubelab to talk to or how long
 * to wait can also come from an environment variable (oclif shows it in --help), so a shell or
 * a grading script can set them once.
 */
import * as Flags from '@oclif/core/flags';
import { parseDuration } from './lib/duration.js';

export const dataDirFlags = {
  'data-dir': Flags.string({
    description: 'Data directory of the kubelab to use: its store, log, state and kubeconfig.',
    env: 'KUBELAB_HOME',
    helpValue: 'DIR',
    defaultHelp: async () => '~/.kubelab',
  }),
};

export const outputFlags = {
  output: Flags.string({
    char: 'o',
    description: 'Output format (default: text for people).',
    options: ['json', 'yaml'],
    helpValue: 'json|yaml',
  }),
};

/** A duration flag ("30s", "1m30s", "500ms"; a bare number is seconds); the value is in ms. */
export const durationFlag = Flags.custom<number>({
  helpValue: 'DURATION',
  parse: async (input) => {
    const ms = parseDuration(input);
    if (ms === undefined) throw new Error(`invalid duration "${input}" (examples: 30s, 1m30s, 500ms)`);
    return ms;
  },
});
