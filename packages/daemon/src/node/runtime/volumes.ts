/**
 * The node's side of volumes: directories the kubelet prepares under
 * /var/lib/kubelet/pods/<uid>/volumes/… and the runtime bind-mounts into containers
 * (cri.ts Mount.hostPath). A ConfigMap, Secret, downward API or projected volume reads its
 * files from the API objects the kubelet caches (so an updated ConfigMap shows through, as
 * the kubelet's periodic volume sync makes it); emptyDir and hostPath are writable memory.
 */
export interface VolumeSource {
  readonly readOnly: boolean;
  /** Every file, by path relative to the volume's root; plus directories with no files. */
  snapshot(): Promise<{ files: ReadonlyMap<string, string>; dirs?: ReadonlySet<string> }>;
  write?(rel: string, content: string, append: boolean): Promise<void>;
  mkdir?(rel: string): Promise<void>;
  remove?(rel: string, recursive: boolean): Promise<void>;
}

/** A writable directory in memory: emptyDir, hostPath. */
export class MemoryVolume implements VolumeSource {
  readonly readOnly = false;
  readonly files = new Map<string, string>();
  readonly dirs = new Set<string>();

  async snapshot() {
    return { files: this.files, dirs: this.dirs };
  }

  async write(rel: string, content: string, append: boolean): Promise<void> {
    this.files.set(rel, append ? (this.files.get(rel) ?? '') + content : content);
  }

  async mkdir(rel: string): Promise<void> {
    this.dirs.add(rel);
  }

  async remove(rel: string, recursive: boolean): Promise<void> {
    this.files.delete(rel);
    this.dirs.delete(rel);
    if (recursive) {
      for (const k of [...this.files.keys()]) if (k.startsWith(`${rel}/`)) this.files.delete(k);
      for (const k of [...this.dirs]) if (k.startsWith(`${rel}/`)) this.dirs.delete(k);
    }
  }
}

/** Read-only files computed on demand (ConfigMap, Secret, downward API, projected). */
export class ProjectedVolume implements VolumeSource {
  readonly readOnly = true;

  constructor(private readonly read: () => Promise<ReadonlyMap<string, string>>) {}

  async snapshot() {
    return { files: await this.read() };
  }
}

/** The node's host paths the kubelet prepared, by absolute path. */
export class HostPaths {
  private readonly volumes = new Map<string, VolumeSource>();

  set(hostPath: string, source: VolumeSource): void {
    this.volumes.set(hostPath, source);
  }

  get(hostPath: string): VolumeSource | undefined {
    return this.volumes.get(hostPath);
  }

  /** Drops everything under prefix (a pod's directory after the pod is gone). */
  removeUnder(prefix: string): void {
    for (const k of [...this.volumes.keys()]) if (k === prefix || k.startsWith(`${prefix}/`)) this.volumes.delete(k);
  }

  get size(): number {
    return this.volumes.size;
  }
}
