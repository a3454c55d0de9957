/**
 * A bad command line: cobra's words ("unknown flag: --bogus", "flag needs an argument: 'n' in
 * -n", `invalid argument "x" for "--replicas" flag: …`). The entry point prints it as kubectl
 * does — "error: <message>" and "See 'kubelab <command> --help' for usage." — and exits 1.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    /** cobra's flag errors start "Error: "; kubectl's own usage errors "error: ". */
    readonly flagError = false,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
