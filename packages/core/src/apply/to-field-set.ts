/**
 * The fields a value sets (typed.TypedValue.ToFieldSet): what an applier owns after
 * applying a configuration. Leaves are owned; so are the items of associative lists, the
 * members of maps that are not declared struct fields (a label, an annotation), and empty
 * or null values. Atomic lists and maps are owned whole and not looked into. A struct
 * field with content is not itself owned — only what it contains.
 *
 * `validateApplied` reports what upstream refuses when it converts an apply configuration
 * to a typed value: undeclared fields, duplicate list items, list items missing their keys.
 */
import { isJsonObject } from '../patch/json-value.js';
import { FieldSet } from './field-set.js';
import { compareElements, elementString, pathString, type Path, type PathElement } from './path.js';
import { isDeclared, itemElement, memberType, resolve, type TypeRef } from './typed.js';

export function toFieldSet(value: unknown, ref: TypeRef | undefined): FieldSet {
  const set = FieldSet.empty();
  walk(value, ref, [], set, undefined);
  return set;
}

/** Validation failures as `<path>: <message>` lines, in walk order. */
export function validateApplied(value: unknown, ref: TypeRef | undefined): string[] {
  const errors: string[] = [];
  walk(value, ref, [], FieldSet.empty(), errors);
  return errors;
}

function walk(value: unknown, ref: TypeRef | undefined, path: PathElement[], set: FieldSet, errors: string[] | undefined): void {
  const atom = resolve(ref, value);
  if (atom.kind === 'scalar') {
    if (errors) checkScalar(value, ref, path, errors);
    set.insert(path);
    return;
  }
  if (atom.kind === 'list') {
    if (atom.atomic || !Array.isArray(value)) {
      set.insert(path);
      return;
    }
    const seen: PathElement[] = [];
    const duplicates: PathElement[] = [];
    const elements: (PathElement | undefined)[] = [];
    value.forEach((item, i) => {
      const pe = itemElement(atom, item);
      if (typeof pe === 'string') {
        errors?.push(`${pathString(path)}: element ${i}: ${pe}`);
        elements.push(undefined);
        return;
      }
      elements.push(pe);
      if (seen.some((s) => compareElements(s, pe) === 0)) {
        if (!duplicates.some((d) => compareElements(d, pe) === 0)) {
          duplicates.push(pe);
          errors?.push(`${pathString(path)}: duplicate entries for key ${elementString(pe)}`);
          // Upstream owns a duplicated item as a whole without looking inside.
          set.insert([...path, pe]);
        }
      } else seen.push(pe);
    });
    value.forEach((item, i) => {
      const pe = elements[i];
      if (!pe || duplicates.some((d) => compareElements(d, pe) === 0)) return;
      const childPath = [...path, pe];
      walk(item, atom.elem, childPath, set, errors);
      set.insert(childPath);
    });
    return;
  }
  if (atom.atomic || !isJsonObject(value)) {
    set.insert(path);
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const childPath = [...path, { field: key }];
    const type = memberType(atom, key);
    if (type === undefined && errors) errors.push(`${pathString(childPath)}: field not declared in schema`);
    walk(v, type, childPath, set, errors);
    if (v === null || (isJsonObject(v) && Object.keys(v).length === 0) || !isDeclared(atom, key)) set.insert(childPath);
  }
}

/** upstream validateScalar, for the check users meet: a string where a number belongs. */
function checkScalar(value: unknown, ref: TypeRef | undefined, path: Path, errors: string[]): void {
  if (value === null || ref === undefined || typeof ref === 'symbol') return;
  if ((ref.type === 'integer' || ref.type === 'number') && typeof value !== 'number') {
    const goType = typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'bool' : Array.isArray(value) ? '[]interface {}' : 'map[string]interface {}';
    errors.push(`${pathString(path)}: expected numeric (int or float), got ${goType}`);
  }
}
