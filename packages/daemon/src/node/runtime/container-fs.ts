/**
 * A container's filesystem: the image's files under a writable layer, with the kubelet's
 * volumes bind-mounted over it (longest mount path wins, as in a mount table). Writes under
 * a read-only mount fail with EROFS — `touch /etc/config/x` on a ConfigMap volume says
 * "Read-only file system", as it does in a real pod.
 */
import { type DirEntry, FsError, type FileSystem } from '../shell/fs.js';
import type { VolumeSource } from './volumes.js';

export interface ContainerMount {
  containerPath: string;
  source: VolumeSource;
  readOnly: boolean;
  /** A path inside the volume mounted instead of its root. */
  subPath?: string;
}

const BASE_DIRS = ['/', '/bin', '/dev', '/etc', '/home', '/proc', '/root', '/run', '/sbin', '/sys', '/tmp', '/usr', '/usr/bin', '/usr/local', '/usr/local/bin', '/var', '/var/log', '/var/run'];

export class ContainerFs implements FileSystem {
  private readonly files = new Map<string, string>();
  private readonly dirs = new Set<string>(BASE_DIRS);
  private readonly mounts: ContainerMount[];

  constructor(imageFiles: Record<string, string>, mounts: ContainerMount[], workingDir: string) {
    for (const [p, content] of Object.entries(imageFiles)) this.files.set(p, content);
    this.dirs.add(workingDir);
    // Longest first: /etc/config/sub is found before /etc/config.
    this.mounts = [...mounts].sort((a, b) => b.containerPath.length - a.containerPath.length);
  }

  async stat(path: string): Promise<{ kind: 'file' | 'dir'; size: number } | undefined> {
    const m = this.mountOf(path);
    if (m) {
      const { files, dirs } = await m.mount.source.snapshot();
      const content = files.get(m.rel);
      if (content !== undefined) return { kind: 'file', size: Buffer.byteLength(content) };
      if (m.rel === '' || dirs?.has(m.rel) || hasChild(files.keys(), m.rel) || (dirs && hasChild(dirs, m.rel))) return { kind: 'dir', size: 4096 };
      return undefined;
    }
    const content = this.files.get(path);
    if (content !== undefined) return { kind: 'file', size: Buffer.byteLength(content) };
    if (this.isBaseDir(path)) return { kind: 'dir', size: 4096 };
    return undefined;
  }

  async readFile(path: string): Promise<string> {
    const st = await this.stat(path);
    if (!st) throw new FsError('ENOENT', path);
    if (st.kind === 'dir') throw new FsError('EISDIR', path);
    const m = this.mountOf(path);
    if (m) return (await m.mount.source.snapshot()).files.get(m.rel)!;
    return this.files.get(path)!;
  }

  async readDir(path: string): Promise<DirEntry[]> {
    const st = await this.stat(path);
    if (!st) throw new FsError('ENOENT', path);
    if (st.kind === 'file') throw new FsError('ENOTDIR', path);
    const out = new Map<string, DirEntry>();
    const m = this.mountOf(path);
    if (m) {
      const { files, dirs } = await m.mount.source.snapshot();
      collect(out, files, m.rel);
      if (dirs) collect(out, new Map([...dirs].map((d) => [d, undefined])), m.rel);
    } else {
      collect(out, this.files, path === '/' ? '' : path);
      collect(out, new Map([...this.dirs].map((d) => [d, undefined])), path === '/' ? '' : path);
    }
    // Mount points directly below path.
    for (const mount of this.mounts) {
      const parent = mount.containerPath.slice(0, mount.containerPath.lastIndexOf('/')) || '/';
      if (parent === path) {
        const name = mount.containerPath.slice(mount.containerPath.lastIndexOf('/') + 1);
        if (!out.has(name)) out.set(name, { name, kind: 'dir', size: 4096 });
      }
    }
    return [...out.values()];
  }

  async writeFile(path: string, content: string, append = false): Promise<void> {
    const m = this.mountOf(path);
    if (m) {
      if (m.mount.readOnly || m.mount.source.readOnly || !m.mount.source.write) throw new FsError('EROFS', path);
      await m.mount.source.write(m.rel, content, append);
      return;
    }
    if (this.isBaseDir(path)) throw new FsError('EISDIR', path);
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!this.isBaseDir(parent)) throw new FsError('ENOENT', path);
    this.files.set(path, append ? (this.files.get(path) ?? '') + content : content);
  }

  async mkdir(path: string, parents = false): Promise<void> {
    const m = this.mountOf(path);
    if (m) {
      if (m.mount.readOnly || !m.mount.source.mkdir) throw new FsError('EROFS', path);
      await m.mount.source.mkdir(m.rel);
      return;
    }
    if (this.files.has(path) || (this.isBaseDir(path) && !parents)) throw new FsError('EEXIST', path);
    const parent = path.slice(0, path.lastIndexOf('/')) || '/';
    if (!this.isBaseDir(parent)) {
      if (!parents) throw new FsError('ENOENT', path);
      await this.mkdir(parent, true);
    }
    this.dirs.add(path);
  }

  async remove(path: string, recursive = false): Promise<void> {
    const m = this.mountOf(path);
    if (m) {
      if (m.rel === '' || m.mount.readOnly || !m.mount.source.remove) throw new FsError(m.rel === '' ? 'EISDIR' : 'EROFS', path);
      if (!(await this.stat(path))) throw new FsError('ENOENT', path);
      await m.mount.source.remove(m.rel, recursive);
      return;
    }
    if (this.files.delete(path)) return;
    if (!this.isBaseDir(path)) throw new FsError('ENOENT', path);
    if (!recursive) throw new FsError('EISDIR', path);
    for (const k of [...this.files.keys()]) if (k.startsWith(`${path}/`)) this.files.delete(k);
    for (const d of [...this.dirs]) if (d === path || d.startsWith(`${path}/`)) this.dirs.delete(d);
  }

  private isBaseDir(path: string): boolean {
    if (this.dirs.has(path)) return true;
    const prefix = path === '/' ? '/' : `${path}/`;
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    for (const mount of this.mounts) if (mount.containerPath.startsWith(prefix)) return true;
    return false;
  }

  private mountOf(path: string): { mount: ContainerMount; rel: string } | undefined {
    for (const mount of this.mounts) {
      if (path !== mount.containerPath && !path.startsWith(`${mount.containerPath}/`)) continue;
      const inner = path.slice(mount.containerPath.length + 1);
      const base = mount.subPath ?? '';
      return { mount, rel: [base, inner].filter(Boolean).join('/') };
    }
    return undefined;
  }
}

function hasChild(keys: Iterable<string>, rel: string): boolean {
  const prefix = rel === '' ? '' : `${rel}/`;
  for (const k of keys) if (k.startsWith(prefix)) return true;
  return false;
}

/** Adds the entries directly under dir (relative or absolute keys alike). */
function collect(out: Map<string, DirEntry>, entries: ReadonlyMap<string, string | undefined>, dir: string): void {
  const prefix = dir === '' ? '' : `${dir}/`;
  for (const [k, content] of entries) {
    if (!k.startsWith(prefix) || k === dir) continue;
    const rest = k.slice(prefix.length).replace(/^\//, '');
    if (rest === '') continue;
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    if (slash < 0 && content !== undefined) out.set(name, { name, kind: 'file', size: Buffer.byteLength(content) });
    else if (!out.has(name)) out.set(name, { name, kind: 'dir', size: 4096 });
  }
}
