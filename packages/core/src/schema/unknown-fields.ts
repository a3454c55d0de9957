/**
 * Strict field validation: the unknown and duplicate fields kube-apiserver's strict decoder
 * (sigs.k8s.io/json) reports when a request is sent with fieldValidation=Strict (the request
 * fails) or Warn (one warning per field, the default).
 *
 * Paths are written as that decoder writes them: field names joined by ".", list positions
 * as "[i]", map keys as ".key", no leading dot:
 *
 *   unknown field "spec.template.spec.containers[0].imagePullPolicyy"
 *   duplicate field "metadata.name"
 *
 * Errors come in document order, each (kind, path) once, at most 100 — as upstream. Field
 * names match case-sensitively. Below fields of preserve-unknown-fields schemas (embedded
 * objects, kubelab's opaque stand-ins) nothing is reported, and values of unknown fields are
 * skipped. A repeated unknown field is reported once, as unknown; a repeated known field or
 * map key is reported as duplicate.
 *
 * kube-apiserver's messages:
 * - Strict create/update: 400 BadRequest "<Kind> in version \"<v>\" cannot be handled as a
 *   <Kind>: strict decoding error: unknown field \"x\", duplicate field \"y\"";
 * - Warn: a `Warning: 299 - "unknown field \"x\""` header per field (kubectl prints
 *   `Warning: unknown field "x"`).
 */
import type { SchemaNode } from './node.js';
import { parseJsonEntries, toJsonEntries, type JsonEntryValue } from './json-entries.js';

export interface StrictFieldError {
  type: 'unknown' | 'duplicate';
  /** "spec.containers[0].imagePullPolicyy" */
  path: string;
}

const MAX_ERRORS = 100;

/** `unknown field "spec.x"` / `duplicate field "metadata.name"`, as the decoder words it. */
export function strictFieldMessage(error: StrictFieldError): string {
  return `${error.type} field ${goQuote(error.path)}`;
}

const GO_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };

/** Go's strconv.Quote for the characters field names can hold: printable Unicode stays as is. */
function goQuote(s: string): string {
  const body = s.replace(/[\\"\x00-\x1f\x7f]/g, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`;
    return GO_ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
  return `"${body}"`;
}

/** "strict decoding error: unknown field \"a\", duplicate field \"b\"" (runtime.NewStrictDecodingError). */
export function strictDecodingMessage(errors: readonly StrictFieldError[]): string {
  return `strict decoding error: ${errors.map(strictFieldMessage).join(', ')}`;
}

/** Unknown fields of an already parsed object (duplicates cannot be seen any more). */
export function unknownFields(value: unknown, schema: SchemaNode): StrictFieldError[] {
  return walk(toJsonEntries(value), schema);
}

/**
 * Unknown and duplicate fields of a JSON request body, in document order. Throws
 * SyntaxError when the text is not JSON.
 */
export function strictFieldErrors(jsonText: string, schema: SchemaNode): StrictFieldError[] {
  return walk(parseJsonEntries(jsonText), schema);
}

/**
 * Duplicate keys anywhere in a JSON text, without a schema — what the decoder reports for a
 * body decoded into a generic map, such as a merge or strategic merge patch.
 */
export function duplicateFields(jsonText: string): StrictFieldError[] {
  return walk(parseJsonEntries(jsonText), ANY_MAP);
}

/** A schema whose every value is again any map or list: keys are never unknown. */
const ANY_MAP: SchemaNode = { type: 'object' };
ANY_MAP.additionalProperties = ANY_MAP;
ANY_MAP.items = ANY_MAP;

function walk(root: JsonEntryValue, schema: SchemaNode): StrictFieldError[] {
  const errors: StrictFieldError[] = [];
  const seen = new Set<string>();
  const report = (type: StrictFieldError['type'], path: string): void => {
    const key = `${type} ${path}`;
    if (seen.has(key) || errors.length >= MAX_ERRORS) return;
    seen.add(key);
    errors.push({ type, path });
  };
  const child = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

  const visit = (value: JsonEntryValue, node: SchemaNode, path: string): void => {
    if (value.kind === 'array') {
      if (!node.items) return;
      value.items.forEach((item, i) => visit(item, node.items as SchemaNode, `${path}[${i}]`));
      return;
    }
    if (value.kind !== 'object') return;
    if (node.properties) {
      const known = new Set<string>();
      for (const [key, sub] of value.entries) {
        const field = Object.hasOwn(node.properties, key) ? node.properties[key] : undefined;
        if (field) {
          if (known.has(key)) report('duplicate', child(path, key));
          known.add(key);
          visit(sub, field, child(path, key));
        } else if (node.additionalProperties) {
          visit(sub, node.additionalProperties, child(path, key));
        } else if (!node.preserveUnknownFields) {
          report('unknown', child(path, key));
        }
      }
      return;
    }
    if (node.additionalProperties) {
      const keys = new Set<string>();
      for (const [key, sub] of value.entries) {
        if (keys.has(key)) report('duplicate', child(path, key));
        keys.add(key);
        visit(sub, node.additionalProperties, child(path, key));
      }
    }
    // Anything else (preserve-unknown-fields objects, or a value of the wrong type, which
    // type checking reports) has no fields to check.
  };

  visit(root, schema, '');
  return errors;
}
