/**
 * A set of field paths (fieldpath.Set): the fields a manager owns. It is a tree whose nodes
 * list their member elements (paths that end here) and their children (paths that go on);
 * a node can be both, which FieldsV1 writes as `".": {}`:
 *
 *   {"f:metadata":{"f:labels":{".":{},"f:app":{}}}}
 *     members: .metadata.labels, .metadata.labels.app
 *
 * Set algebra follows upstream exactly, including Difference's asymmetry: removing a parent
 * does not remove its children (use recursiveDifference for that).
 */
import { compareElements, deserializeElement, serializeElement, type Path, type PathElement } from './path.js';

interface Child {
  pe: PathElement;
  set: FieldSet;
}

/** Binary search in a list sorted by compareElements. */
function search<T>(list: readonly T[], pe: PathElement, get: (t: T) => PathElement): { found: boolean; at: number } {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const c = compareElements(get(list[mid]!), pe);
    if (c === 0) return { found: true, at: mid };
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return { found: false, at: lo };
}

const self = (pe: PathElement) => pe;
const childPe = (c: Child) => c.pe;

export class FieldSet {
  private constructor(
    private members: PathElement[],
    private children: Child[],
  ) {}

  static empty(): FieldSet {
    return new FieldSet([], []);
  }

  static of(...paths: Path[]): FieldSet {
    const s = FieldSet.empty();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path (not its parents). The empty path — the whole object — is never owned. */
  insert(path: Path): void {
    if (path.length === 0) return;
    let s: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) s = s.descend(path[i]!);
    const last = path[path.length - 1]!;
    const { found, at } = search(s.members, last, self);
    if (!found) s.members.splice(at, 0, last);
  }

  /** The child set under `pe`, created when missing. */
  private descend(pe: PathElement): FieldSet {
    const { found, at } = search(this.children, pe, childPe);
    if (found) return this.children[at]!.set;
    const set = FieldSet.empty();
    this.children.splice(at, 0, { pe, set });
    return set;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && s; i++) s = s.child(path[i]!);
    return !!s && search(s.members, path[path.length - 1]!, self).found;
  }

  hasMember(pe: PathElement): boolean {
    return search(this.members, pe, self).found;
  }

  /** The paths below `pe`, without the prefix (WithPrefix); undefined when none. */
  child(pe: PathElement): FieldSet | undefined {
    const { found, at } = search(this.children, pe, childPe);
    return found ? this.children[at]!.set : undefined;
  }

  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? FieldSet.empty();
  }

  get memberElements(): readonly PathElement[] {
    return this.members;
  }

  get childEntries(): readonly { readonly pe: PathElement; readonly set: FieldSet }[] {
    return this.children;
  }

  empty(): boolean {
    return this.members.length === 0 && this.children.every((c) => c.set.empty());
  }

  union(o: FieldSet): FieldSet {
    const members = mergeSorted(this.members, o.members, self, (a) => a);
    const children = mergeSorted(this.children, o.children, childPe, (a, b) => ({ pe: a.pe, set: a.set.union(b.set) }));
    return new FieldSet(members, children);
  }

  intersection(o: FieldSet): FieldSet {
    const members = this.members.filter((m) => o.hasMember(m));
    const children: Child[] = [];
    for (const c of this.children) {
      const oc = o.child(c.pe);
      if (!oc) continue;
      const set = c.set.intersection(oc);
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /** Members of this not in `o`; children subtract only `o`'s children of the same element. */
  difference(o: FieldSet): FieldSet {
    const members = this.members.filter((m) => !o.hasMember(m));
    const children: Child[] = [];
    for (const c of this.children) {
      const oc = o.child(c.pe);
      const set = oc ? c.set.difference(oc) : c.set;
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  /** Like difference, but a member of `o` also removes everything below it. */
  recursiveDifference(o: FieldSet): FieldSet {
    const members = this.members.filter((m) => !o.hasMember(m));
    const children: Child[] = [];
    for (const c of this.children) {
      if (o.hasMember(c.pe)) continue;
      const oc = o.child(c.pe);
      const set = oc ? c.set.recursiveDifference(oc) : c.set;
      if (!set.empty()) children.push({ pe: c.pe, set });
    }
    return new FieldSet(members, children);
  }

  equals(o: FieldSet): boolean {
    return this.union(o).difference(this).empty() && this.union(o).difference(o).empty();
  }

  /** Every member path, members of a node before its children's, each level in order. */
  paths(): Path[] {
    const out: Path[] = [];
    const walk = (s: FieldSet, prefix: PathElement[]) => {
      for (const m of s.members) out.push([...prefix, m]);
      for (const c of s.children) walk(c.set, [...prefix, c.pe]);
    };
    walk(this, []);
    return out;
  }

  /** A set from members and child sets, for schema-aware rewrites (empty children dropped). */
  static build(members: PathElement[], children: { pe: PathElement; set: FieldSet }[]): FieldSet {
    return new FieldSet(
      [...members].sort(compareElements),
      children.filter((c) => !c.set.empty()).sort((a, b) => compareElements(a.pe, b.pe)),
    );
  }

  /** The FieldsV1 encoding stored in metadata.managedFields[].fieldsV1. */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf) out['.'] = {};
    // Members and children interleave in element order; an element in both is written once.
    const keys = mergeSorted(
      this.members.map((pe) => ({ pe, member: true, set: undefined as FieldSet | undefined })),
      this.children.map((c) => ({ pe: c.pe, member: false, set: c.set as FieldSet | undefined })),
      (x) => x.pe,
      (a, b) => ({ pe: a.pe, member: true, set: b.set }),
    );
    for (const k of keys) {
      const name = serializeElement(k.pe);
      out[name] = k.set && !k.set.empty() ? k.set.emit(k.member) : {};
    }
    return out;
  }

  /** Parses FieldsV1; unknown element kinds are skipped, malformed ones throw. */
  static fromFieldsV1(fields: unknown): FieldSet {
    const s = FieldSet.empty();
    const walk = (node: unknown, prefix: PathElement[]) => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) throw new Error('FieldsV1 must be an object');
      const children: [PathElement, unknown][] = [];
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (k === '.') continue;
        const pe = deserializeElement(k);
        if (pe) children.push([pe, v]);
      }
      // A node with no (understood) children, or with ".", is itself a member.
      if (prefix.length > 0 && (children.length === 0 || Object.prototype.hasOwnProperty.call(node, '.'))) s.insert(prefix);
      for (const [pe, v] of children) walk(v, [...prefix, pe]);
    };
    walk(fields ?? {}, []);
    return s;
  }
}

/** Merges two sorted lists, combining equal elements with `both`. */
function mergeSorted<T>(a: readonly T[], b: readonly T[], pe: (t: T) => PathElement, both: (x: T, y: T) => T): T[] {
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareElements(pe(a[i]!), pe(b[j]!));
    if (c < 0) out.push(a[i++]!);
    else if (c > 0) out.push(b[j++]!);
    else out.push(both(a[i++]!, b[j++]!));
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}
