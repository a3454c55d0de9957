import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { generate } from '../lib/create/generate.js';
import { exposeService } from '../lib/create/services.js';
import { KubelabError } from '../lib/errors.js';
import { parseResourceArgs } from '../lib/kube/resource-args.js';
import { openSession } from '../lib/kube/session.js';
import { generatorFlags } from '../flags.js';

export default class Expose extends Command {
  static override summary = 'Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service.';
  static override description = 'Creates a Service that selects what the object selects (a deployment\'s selector, a pod\'s labels), on --port or the first container port, as kubectl expose does.';
  static override examples = [
    { description: 'Port 80 of deployment web, to its pods\' 8080.', command: '<%= config.bin %> expose deployment web --port=80 --target-port=8080' },
    { description: 'A NodePort service for a pod.', command: '<%= config.bin %> expose pod web-1 --type=NodePort --port=80' },
  ];
  static override args = { type: Args.string({ description: 'TYPE NAME or TYPE/NAME', required: true }) };
  static override flags = {
    ...generatorFlags,
    port: Flags.integer({ description: 'The port the service serves on.', helpValue: 'PORT' }),
    'target-port': Flags.string({ description: 'The container port (number or name) traffic goes to.', helpValue: 'PORT' }),
    name: Flags.string({ description: 'The name of the new service (default: the object\'s).', helpValue: 'NAME' }),
    type: Flags.string({ description: 'ClusterIP, NodePort or LoadBalancer.', helpValue: 'TYPE' }),
    protocol: Flags.string({ description: 'TCP, UDP or SCTP.', helpValue: 'PROTO' }),
    selector: Flags.string({ description: 'The selector (key=value,…) instead of the object\'s.', helpValue: 'SELECTOR' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Expose);
    const [req] = parseResourceArgs(argv);
    if (!req || req.name === undefined) throw new KubelabError('you must provide one or more resources by argument or filename');
    const build = async (namespace: string) => {
      const s = await openSession(flags);
      try {
        const obj = await s.client.get(req.rt, req.name!, { namespace });
        return exposeService({ apiVersion: obj.apiVersion, kind: req.rt.kind, ...obj }, { name: flags.name, port: flags.port, targetPort: flags['target-port'], protocol: flags.protocol, type: flags.type, selector: flags.selector });
      } finally {
        await s.close();
      }
    };
    this.log(await generate(flags, build, 'exposed'));
  }
}
