/**
 * Dropping unknown fields: what happens to them when a request is decoded into the typed
 * object with fieldValidation Ignore or Warn (the default) — they are not stored. Strict
 * validation refuses them instead (unknown-fields.ts reports them).
 */
import type { SchemaNode } from './node.js';

/** Removes, in place, every field the schema does not know; returns the value. */
export function pruneUnknownFields<T>(value: T, schema: SchemaNode | undefined): T {
  prune(value, schema);
  return value;
}

function prune(value: unknown, schema: SchemaNode | undefined): void {
  if (!schema || schema.preserveUnknownFields || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (schema.items) for (const v of value) prune(v, schema.items);
    return;
  }
  const obj = value as Record<string, unknown>;
  if (schema.properties) {
    for (const key of Object.keys(obj)) {
      const field = schema.properties[key];
      // apiVersion and kind are the envelope of every object, known whatever the schema says.
      if (field) prune(obj[key], field);
      else if (schema.additionalProperties) prune(obj[key], schema.additionalProperties);
      else if (key !== 'apiVersion' && key !== 'kind') delete obj[key];
    }
  } else if (schema.additionalProperties) {
    for (const key of Object.keys(obj)) prune(obj[key], schema.additionalProperties);
  }
}
