import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { KubelabError } from '../lib/errors.js';
import { getResources } from '../lib/get/get.js';
import { watchAfterList } from '../lib/get/watch-list.js';
import { parseResourceArgs } from '../lib/kube/resource-args.js';
import { withSession } from '../lib/kube/session.js';
import { kubeFlags, printFlags, selectorFlags } from '../flags.js';
import { parseOutputFormat } from '../print/output-format.js';

const REQUIRED = `You must specify the type of resource to get. Use "kubelab api-resources" for a complete list of supported resources.

error: Required resource not specified.
Use "kubelab explain <resource>" for a detailed description of that resource (e.g. kubelab explain pods).
See 'kubelab get -h' for help and examples`;

export default class Get extends Command {
  static override summary = 'Display one or many resources.';
  static override description = `Prints a table of the most important information about the specified resources, as kubectl get does: the server's columns, AGE, <none>. Use -o for yaml, json, name, jsonpath or custom-columns, -l and --field-selector to filter, -A for every namespace, -w to watch for changes.`;
  static override examples = [
    { description: 'List all pods in the current namespace.', command: '<%= config.bin %> get pods' },
    { description: 'List pods with more columns, across all namespaces.', command: '<%= config.bin %> get pods -o wide -A' },
    { description: 'One deployment as YAML.', command: '<%= config.bin %> get deployment/web -o yaml' },
    { description: 'Pods and services labelled app=web.', command: '<%= config.bin %> get pods,services -l app=web' },
    { description: 'Pod names and their nodes.', command: "<%= config.bin %> get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName" },
    { description: 'Watch pods change.', command: '<%= config.bin %> get pods -w' },
  ];
  static override args = { type: Args.string({ description: 'TYPE[.VERSION][.GROUP], TYPE,TYPE…, or TYPE/NAME…' }), name: Args.string({ description: 'NAME…' }) };
  static override flags = {
    ...kubeFlags,
    ...printFlags,
    ...selectorFlags,
    'no-headers': Flags.boolean({ description: 'Do not print headers.' }),
    'show-labels': Flags.boolean({ description: 'Show all labels as the last column.' }),
    'label-columns': Flags.string({ char: 'L', multiple: true, delimiter: ',', description: 'Label keys to show as columns.', helpValue: 'KEY' }),
    'sort-by': Flags.string({ description: 'Sort by a JSONPath expression, e.g. .metadata.name.', helpValue: 'JSONPATH' }),
    'show-managed-fields': Flags.boolean({ description: 'Keep managedFields in JSON and YAML output.' }),
    watch: Flags.boolean({ char: 'w', description: 'After listing, watch for changes.' }),
    'watch-only': Flags.boolean({ description: 'Watch for changes without listing first.' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Get);
    if (argv.length === 0) throw new KubelabError(REQUIRED, 1, '');
    const format = parseOutputFormat(flags.output);
    const requests = parseResourceArgs(argv);
    await withSession(flags, async (session) => {
      const options = { requests, format, namespace: session.namespace, allNamespaces: flags['all-namespaces'], labelSelector: flags.selector, fieldSelector: flags['field-selector'], noHeaders: flags['no-headers'], showLabels: flags['show-labels'], labelColumns: flags['label-columns'], sortBy: flags['sort-by'], showManagedFields: flags['show-managed-fields'] };
      const watching = flags.watch || flags['watch-only'];
      if (watching) {
        await watchAfterList(session, options, flags['watch-only'], (s) => process.stdout.write(s));
        return;
      }
      const result = await getResources(session, options);
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      if (result.failed) this.exit(1);
    });
  }
}
