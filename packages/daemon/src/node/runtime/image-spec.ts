/**
 * What an image in the catalogue says about itself (fixtures/images/*.yaml): its tags and
 * sizes, its ENTRYPOINT, CMD, environment and working directory, the files it ships, the
 * tools on its PATH, the servers it can run and what they answer, the programs that run
 * them (as steps: log, sleep, listen, allocate, exec, exit, wait), and how much memory and
 * CPU it uses. runtime/program.ts interprets programs; runtime/server.ts answers requests.
 */

export interface TagGroup {
  /** Tags naming the same image ("1.27.3", "1.27", "latest"); the first is canonical. */
  names: string[];
  /** Compressed size: what a pull transfers and the Pulled event reports ("72MB", bytes). */
  size?: string | number;
  /** Environment differing from the image's (NGINX_VERSION of an older tag). */
  env?: Record<string, string>;
}

export interface HttpRoute {
  /** Exact path (query ignored), or "*" for any. */
  path: string;
  /** Only while the server has been up for less than this ("10s"): answers that change over time. */
  until?: string;
  status?: number;
  body?: string;
  headers?: Record<string, string>;
  /** Only this method (default any). */
  method?: string;
}

export interface HttpServerSpec {
  /** Serve files under this directory of the container (index file for directories). */
  root?: string;
  index?: string;
  /** A directory listing for directories without an index (python -m http.server). */
  listDirectories?: boolean;
  routes?: HttpRoute[];
  /** The answer when nothing matches. */
  notFound?: { status: number; body: string; headers?: Record<string, string> };
  /** Headers on every answer (Server: nginx/1.27.3). */
  headers?: Record<string, string>;
  /** A line written to the server's stdout per request (nginx's access log). */
  accessLog?: string;
}

export interface ServerSpec {
  /** Default port (templated: "${PORT:-8080}"). */
  port: number | string;
  protocol?: 'TCP' | 'UDP';
  /** Sent on connect (TCP servers that greet: mysql, smtp). */
  banner?: string;
  http?: HttpServerSpec;
}

export type Step =
  | { log: string | string[] }
  | { stderr: string | string[] }
  | { sleep: string | number }
  | { listen: Array<string | { server: string; port?: number | string }> }
  | { allocate: string | number }
  | { cpu: string | number }
  | { exec: string }
  | { exit: number | string }
  | { wait: 'forever' }
  | { when: Condition; then: Step[]; else?: Step[] };

export interface Condition {
  /** True when every named variable is unset or empty. */
  envMissing?: string[];
  /** True when the program's arguments start with these. */
  args?: string[];
  /** True when the path exists in the container. */
  fileExists?: string;
  /** True when the path does not exist. */
  fileMissing?: string;
}

export interface ProgramSpec {
  steps: Step[];
  /**
   * What SIGTERM does. Absent: the default action, the process dies (exit 143). For PID 1
   * programs that set no handler the kernel ignores SIGTERM — `ignoreTerm: true` (sleep,
   * a shell) — and only SIGKILL after the grace period ends them (exit 137).
   */
  onTerm?: Step[];
  ignoreTerm?: boolean;
}

export interface ResourceProfile {
  /** Steady memory use ("8Mi"). */
  memory?: string | number;
  /** Steady CPU use ("1m"). */
  cpu?: string | number;
}

export interface ImageSpecFile {
  repository: string;
  description?: string;
  /** Other repository names of this image ("docker.io/library/busybox" for "busybox"). */
  aliases?: string[];
  tags: TagGroup[];
  /** Default compressed size for tag groups without one. */
  size?: string | number;
  entrypoint?: string[];
  cmd?: string[];
  workingDir?: string;
  env?: Record<string, string>;
  /** Tools on the PATH (shell/builtins): sh, cat, wget, curl … */
  tools?: string[];
  files?: Record<string, string>;
  servers?: Record<string, ServerSpec>;
  programs?: Record<string, ProgramSpec>;
  resources?: ResourceProfile;
  /** Set on the pause image: pinned (never garbage collected) and present on every node. */
  pinned?: boolean;
}
