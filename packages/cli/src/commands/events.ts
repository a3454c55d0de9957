import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { listEvents } from '../lib/info/events.js';
import { withSession } from '../lib/kube/session.js';
import { kubeFlags } from '../flags.js';

export default class Events extends Command {
  static override summary = 'List events.';
  static override description = 'Shows the events of the namespace (or of all with -A), oldest first, as kubectl events does; --for narrows them to one object, --types to Normal or Warning.';
  static override examples = [
    { description: 'Recent events in the namespace.', command: '<%= config.bin %> events' },
    { description: 'Warnings everywhere.', command: '<%= config.bin %> events -A --types=Warning' },
    { description: 'What happened to one pod.', command: '<%= config.bin %> events --for pod/web-1' },
  ];
  static override flags = {
    ...kubeFlags,
    'all-namespaces': Flags.boolean({ char: 'A', description: 'Events of every namespace.' }),
    for: Flags.string({ description: 'Only the events of this object (TYPE/NAME).', helpValue: 'TYPE/NAME' }),
    types: Flags.string({ multiple: true, delimiter: ',', description: 'Only these event types (Normal, Warning).', helpValue: 'TYPE' }),
    'no-headers': Flags.boolean({ description: 'Do not print headers.' }),
  };

  async run(): Promise<void> {
    const { flags } = await this.parse(Events);
    const out = await withSession(flags, (s) => listEvents(s, { allNamespaces: flags['all-namespaces'], for: flags.for, types: flags.types, noHeaders: flags['no-headers'] }));
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
  }
}
