/**
 * The message schema protobuf bodies are decoded with, built from data tables (./tables/).
 * A table lists, per package, each message as field specs in our compact notation:
 *
 *   '<number> <jsonName> <type>[ omitempty | inline]'
 *
 *   type   string | bool | int32 | int64 | uint32 | uint64 | double | float | bytes
 *          Msg (same package) or pkg.Msg (e.g. meta.v1.ObjectMeta)
 *          *T            a Go pointer: on the wire only when set, and then kept in JSON even when zero
 *          []T           repeated
 *          map[string]T  a map: repeated entries {key = 1, value = 2}
 *   flags  omitempty     the Go json tag has omitempty: zero scalars, nil pointers and empty
 *                        lists or maps are left out of the JSON (structs never are, as in Go)
 *          inline        an embedded Go struct whose JSON fields sit in the parent (jsonName "-")
 *
 * e.g. '1 replicas *int32 omitempty', '2 - VolumeSource inline', '11 labels map[string]string omitempty'.
 *
 * The facts come from upstream: field numbers, proto names and wire types from the
 * generated.proto files of kubernetes/api and kubernetes/apimachinery (release-1.36, a superset
 * of what kubectl 1.32 sends); JSON names, omitempty, inline and pointers from the Go struct tags
 * in the same packages' types.go, because generated.proto marks every field `optional` and so
 * cannot tell a pointer from a value, nor name the JSON field when it differs.
 */

export type ScalarKind = 'string' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float' | 'bytes';

export interface PackageTable {
  /** Our short package name: "core.v1", "meta.v1", "intstr". */
  package: string;
  messages: Readonly<Record<string, readonly string[]>>;
}

export type FieldValue = { scalar: ScalarKind } | { message: string };

export interface FieldSchema {
  number: number;
  /** The JSON field name; "-" for an inline field. */
  json: string;
  shape: 'single' | 'pointer' | 'repeated' | 'map';
  /** The element type for repeated fields, the value type for maps (keys are strings). */
  value: FieldValue;
  omitempty: boolean;
  inline: boolean;
}

export interface MessageSchema {
  /** Fully qualified in our notation: "core.v1.Pod". */
  name: string;
  /** In table order, which is the Go struct's order and so the JSON field order. */
  fields: readonly FieldSchema[];
  byNumber: ReadonlyMap<number, FieldSchema>;
}

const SCALARS: ReadonlySet<string> = new Set<ScalarKind>(['string', 'bool', 'int32', 'int64', 'uint32', 'uint64', 'double', 'float', 'bytes']);
const SPEC = /^(\d+) (\S+) (\S+)((?: (?:omitempty|inline))*)$/;

export class Schema {
  private readonly messages = new Map<string, MessageSchema>();

  /** Throws on a malformed spec, a duplicate, or a reference to a message no table defines. */
  constructor(tables: readonly PackageTable[]) {
    for (const table of tables) {
      for (const [name, specs] of Object.entries(table.messages)) {
        const full = `${table.package}.${name}`;
        if (this.messages.has(full)) throw new Error(`protobuf schema: ${full} is defined twice`);
        const fields = specs.map((spec) => parseField(table.package, full, spec));
        const byNumber = new Map<number, FieldSchema>();
        for (const f of fields) {
          if (byNumber.has(f.number)) throw new Error(`protobuf schema: ${full} has field number ${f.number} twice`);
          byNumber.set(f.number, f);
        }
        this.messages.set(full, { name: full, fields, byNumber });
      }
    }
    for (const m of this.messages.values()) {
      for (const f of m.fields) {
        if ('message' in f.value && !this.messages.has(f.value.message)) {
          throw new Error(`protobuf schema: ${m.name}.${f.json} refers to ${f.value.message}, which no table defines`);
        }
      }
    }
  }

  message(fullName: string): MessageSchema | undefined {
    return this.messages.get(fullName);
  }

  names(): string[] {
    return [...this.messages.keys()];
  }
}

function parseField(pkg: string, message: string, spec: string): FieldSchema {
  const m = SPEC.exec(spec);
  if (!m) throw new Error(`protobuf schema: ${message}: malformed field spec '${spec}'`);
  const [, num, json, type, flagText] = m as unknown as [string, string, string, string, string];
  const flags = flagText.trim().split(' ');
  let shape: FieldSchema['shape'] = 'single';
  let base = type;
  if (type.startsWith('map[string]')) {
    shape = 'map';
    base = type.slice('map[string]'.length);
  } else if (type.startsWith('[]')) {
    shape = 'repeated';
    base = type.slice(2);
  } else if (type.startsWith('*')) {
    shape = 'pointer';
    base = type.slice(1);
  }
  if (!/^[A-Za-z][\w.]*$/.test(base)) throw new Error(`protobuf schema: ${message}: bad type in '${spec}'`);
  const value: FieldValue = SCALARS.has(base) ? { scalar: base as ScalarKind } : { message: base.includes('.') ? base : `${pkg}.${base}` };
  const inline = flags.includes('inline');
  if (inline && (shape !== 'single' || !('message' in value) || json !== '-')) {
    throw new Error(`protobuf schema: ${message}: only a single message field named "-" can be inline: '${spec}'`);
  }
  if (!inline && json === '-') throw new Error(`protobuf schema: ${message}: "-" without inline: '${spec}'`);
  return { number: Number(num), json, shape, value, omitempty: flags.includes('omitempty'), inline };
}
