/**
 * Turns definitions, which name each other, into SchemaNode trees with every reference
 * replaced by the node of the definition it names. A field that refers to a definition gets
 * that definition's node with the field's own description (and any extension the field adds)
 * laid over it, as OpenAPI's `allOf: [$ref]` with siblings means. Nodes of one definition are
 * shared between trees and frozen: callers must copy before changing anything.
 */
import type { Definitions, Schema } from './dsl.js';
import type { SchemaNode } from './node.js';

export class DefinitionResolver {
  private readonly resolved = new Map<string, SchemaNode>();
  private readonly inProgress = new Set<string>();

  constructor(private readonly definitions: Readonly<Definitions>) {}

  /** The resolved node of a definition, or undefined when no definition has that name. */
  resolve(name: string): SchemaNode | undefined {
    const cached = this.resolved.get(name);
    if (cached) return cached;
    const schema = this.definitions[name];
    if (!schema) return undefined;
    // Kubernetes' built-in types have no recursive definitions (only CRD schemas do, which
    // kubelab does not serve); a cycle here is a mistake in a definition file.
    if (this.inProgress.has(name)) throw new Error(`schema: definition ${name} refers to itself`);
    this.inProgress.add(name);
    try {
      const node = deepFreeze({ ...this.node(schema, name), definition: name });
      this.resolved.set(name, node);
      return node;
    } finally {
      this.inProgress.delete(name);
    }
  }

  private node(schema: Schema, where: string): SchemaNode {
    const { ref, properties, items, additionalProperties, ...rest } = schema;
    if (ref !== undefined) {
      const target = this.resolve(ref);
      if (!target) throw new Error(`schema: ${where} refers to unknown definition ${ref}`);
      return Object.keys(rest).length === 0 ? target : { ...target, ...rest };
    }
    const out: SchemaNode = { ...rest };
    if (properties) {
      out.properties = {};
      for (const [field, sub] of Object.entries(properties)) out.properties[field] = this.node(sub, `${where}.${field}`);
    }
    if (items) out.items = this.node(items, `${where}[]`);
    if (additionalProperties) out.additionalProperties = this.node(additionalProperties, `${where}{}`);
    return out;
  }
}

function deepFreeze<T extends object>(value: T): T {
  if (Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return value;
}

/** Every definition name a schema refers to, directly or through the definitions it names. */
export function referencedDefinitions(definitions: Readonly<Definitions>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const visit = (schema: Schema | undefined): void => {
    if (!schema) return;
    if (schema.ref !== undefined) {
      if (seen.has(schema.ref)) return;
      seen.add(schema.ref);
      visit(definitions[schema.ref]);
      return;
    }
    for (const sub of Object.values(schema.properties ?? {})) visit(sub);
    visit(schema.items);
    visit(schema.additionalProperties);
  };
  for (const root of roots) visit({ ref: root });
  return seen;
}
