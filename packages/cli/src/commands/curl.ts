import { Args } from '../lib/cli/args.js';
import { Command } from '../lib/cli/command.js';
import { Flags } from '../lib/cli/flag.js';
import { UsageError } from '../lib/cli/usage-error.js';
import { dataDirFlags } from '../flags.js';
import { curlFromOutside } from '../lib/curl/curl.js';
import { connectNodesAdmin } from '../lib/nodes/admin-client.js';

export default class Curl extends Command {
  static override summary = 'curl from outside the cluster, through its data path.';
  static override description = `An HTTP request from the host on the nodes' network, as a client outside the cluster sends one: to NODE_IP:NODE_PORT (a NodePort Service on any node), to a LoadBalancer Service's external IP, or to a node by name. It travels kube-proxy's rules on the node it enters — DNAT to a ready endpoint, perhaps on another node — and prints the answer as curl does. ClusterIPs and pod IPs are not routed from outside; a Service without ready endpoints refuses the connection.

--trace prints each hop on stderr: the node entered, the iptables rules that matched, the DNAT, the SNAT, the pod that answered.`;
  static override examples = [
    { description: 'A NodePort Service, through worker-1.', command: '<%= config.bin %> curl http://172.18.0.3:30080' },
    { description: 'A LoadBalancer Service, with the path the packet took.', command: '<%= config.bin %> curl --trace http://172.18.255.200/' },
    { description: 'Only the status code.', command: "<%= config.bin %> curl -s -o /dev/null -w '%{http_code}\\n' http://worker-1:30080/" },
  ];
  static override args = { url: Args.string({ description: 'URL', required: true }) };
  static override flags = {
    ...dataDirFlags,
    trace: Flags.boolean({ description: 'Print every hop of the request (node, rules, DNAT, SNAT, pod) on stderr.' }),
    silent: Flags.boolean({ char: 's', description: 'Silent mode: no error messages.' }),
    'show-error': Flags.boolean({ char: 'S', description: 'Show error messages even when silent.' }),
    include: Flags.boolean({ char: 'i', description: 'Include the response headers in the output.' }),
    head: Flags.boolean({ char: 'I', description: 'Send HEAD and show the headers only.' }),
    fail: Flags.boolean({ char: 'f', description: 'Fail (exit 22) on HTTP errors, printing nothing.' }),
    request: Flags.string({ char: 'X', description: 'The request method.', helpValue: 'METHOD' }),
    header: Flags.string({ char: 'H', description: 'An extra header ("Name: value"); repeatable.', multiple: true, helpValue: 'HEADER' }),
    data: Flags.string({ char: 'd', description: 'Send this body with POST.', helpValue: 'DATA' }),
    'write-out': Flags.string({ char: 'w', description: 'Print this after the transfer: %{http_code}, %{remote_ip}, %{remote_port}, %{url_effective}.', helpValue: 'FORMAT' }),
    output: Flags.string({ char: 'o', description: 'Write the body to FILE instead of stdout (/dev/null to drop it).', helpValue: 'FILE' }),
  };

  async run(): Promise<void> {
    const { flags, argv } = await this.parse(Curl);
    if (argv.length !== 1) throw new UsageError(argv.length ? `exactly one URL is required, got ${argv.length}` : 'no URL specified');
    const client = await connectNodesAdmin(flags['data-dir']);
    const out = await curlFromOutside(client, argv[0]!, {
      silent: flags.silent,
      showError: flags['show-error'],
      include: flags.include,
      head: flags.head,
      fail: flags.fail,
      request: flags.request,
      header: flags.header,
      data: flags.data,
      writeOut: flags['write-out'],
      output: flags.output,
      trace: flags.trace,
    });
    process.stdout.write(out.stdout);
    process.stderr.write(out.stderr);
    if (out.exitCode !== 0) this.exit(out.exitCode);
  }
}
