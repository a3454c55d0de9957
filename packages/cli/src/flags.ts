/**
 * Flags shared by several commands. Each group can also come from an environment variable
 * (shown in --help), so a shell or a grading script can set it once: KUBELAB_HOME for the
 * data directory, KUBELAB_CONTEXT / KUBELAB_NAMESPACE / KUBELAB_SERVER / KUBELAB_TOKEN for
 * the connection (KUBECONFIG is read as kubectl reads it).
 */
import { Flags, type OptionFlag, type OptionInput } from './lib/cli/flag.js';
import { parseDuration } from './lib/duration.js';

export const dataDirFlags = {
  'data-dir': Flags.string({
    description: 'Data directory of the kubelab to use: its store, log, state and kubeconfig.',
    env: 'KUBELAB_HOME',
    helpValue: 'DIR',
    defaultHelp: async () => '~/.kubelab',
  }),
};

/** kubectl's connection flags: which kubeconfig, context, server, user and namespace. */
export const kubeFlags = {
  ...dataDirFlags,
  kubeconfig: Flags.string({ description: 'Path to the kubeconfig file to use (default: $KUBECONFIG, else kubelab\'s own).', helpValue: 'FILE', helpGroup: 'CONNECTION' }),
  context: Flags.string({ description: 'The name of the kubeconfig context to use.', env: 'KUBELAB_CONTEXT', helpValue: 'NAME', helpGroup: 'CONNECTION' }),
  server: Flags.string({ char: 's', description: 'The address and port of the Kubernetes API server.', env: 'KUBELAB_SERVER', helpValue: 'URL', helpGroup: 'CONNECTION' }),
  token: Flags.string({ description: 'Bearer token for authentication to the API server.', env: 'KUBELAB_TOKEN', helpValue: 'TOKEN', helpGroup: 'CONNECTION' }),
  namespace: Flags.string({ char: 'n', description: 'If present, the namespace scope for this request.', env: 'KUBELAB_NAMESPACE', helpValue: 'NS', helpGroup: 'CONNECTION' }),
};

export const outputFlags = {
  output: Flags.string({
    char: 'o',
    description: 'Output format (default: text for people).',
    options: ['json', 'yaml'],
    helpValue: 'json|yaml',
  }),
};

/** kubectl's -o for commands that print objects: json, yaml, name, jsonpath=…, custom-columns=…, wide. */
export const printFlags = {
  output: Flags.string({
    char: 'o',
    description: 'Output format: json, yaml, name, wide, jsonpath=TEMPLATE, jsonpath-as-json=TEMPLATE, custom-columns=SPEC.',
    env: 'KUBELAB_OUTPUT',
    helpValue: 'FORMAT',
  }),
};

export const selectorFlags = {
  selector: Flags.string({ char: 'l', description: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin' (e.g. -l key1=value1,key2=value2).", helpValue: 'SELECTOR' }),
  'field-selector': Flags.string({ description: 'Selector (field query) to filter on, e.g. --field-selector key1=value1,key2=value2.', helpValue: 'SELECTOR' }),
  'all-namespaces': Flags.boolean({ char: 'A', description: 'List the requested objects across all namespaces.' }),
};

export const fileFlags = {
  filename: Flags.string({ char: 'f', multiple: true, delimiter: ',', description: 'Files, directories or URLs of manifests; - reads standard input.', helpValue: 'FILE' }),
  recursive: Flags.boolean({ char: 'R', description: 'Process the directory used in -f recursively.' }),
};

export const dryRunFlags = {
  'dry-run': Flags.string({ description: 'Must be "none", "server", or "client". Only print the object that would be sent.', helpValue: 'none|client|server' }),
};

/** A duration flag ("30s", "1m30s", "500ms"; a bare number is seconds); the value is in ms. */
const duration = Flags.custom<number>((input) => {
  const ms = parseDuration(input);
  if (ms === undefined) throw new Error(`time: invalid duration ${JSON.stringify(input)}`);
  return ms;
});
export function durationFlag(o: OptionInput<number> & { default: number }): OptionFlag<number, number>;
export function durationFlag(o: OptionInput<number>): OptionFlag<number, number | undefined>;
export function durationFlag(o: OptionInput<number> & { default?: number }): OptionFlag<number, number | undefined> {
  return duration({ helpValue: 'DURATION', ...o } as OptionInput<number>);
}

/** What every generator (create …, run, expose) takes: where, -o, --dry-run, the field manager. */
export const generatorFlags = {
  ...kubeFlags,
  ...printFlags,
  ...dryRunFlags,
  'field-manager': Flags.string({ description: 'Name of the manager used to track field ownership.', default: 'kubectl-create', helpValue: 'NAME' }),
};
