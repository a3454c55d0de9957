/**
 * What `kubectl get|describe|delete|label …` arguments name, as kubectl's resource.Builder
 * reads them: `pods` (a list), `pods a b` (names), `pods,svc` (several types),
 * `pod/a svc/b` (type/name pairs), `all` and other categories. Types resolve through the
 * registry's names, short names and categories (the RESTMapper's work, without discovery).
 */
import { type ResourceType, resolveResource, resourcesInCategory } from '@kubelab/core/api/registry';
import { KubelabError } from '../errors.js';

export interface ResourceRequest {
  rt: ResourceType;
  /** Undefined: every object of the type (filtered by selectors). */
  name?: string;
}

export function resolveType(word: string): ResourceType[] {
  const rt = resolveResource(word);
  if (rt) return [rt];
  const category = resourcesInCategory(word.toLowerCase());
  // In discovery order, which is the registry's: kubectl expands a category as the server lists it.
  if (category.length > 0) return category;
  throw new KubelabError(`the server doesn't have a resource type "${word}"`);
}

export function parseResourceArgs(args: readonly string[]): ResourceRequest[] {
  if (args.length === 0) return [];
  const slashed = args.filter((a) => a.includes('/'));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      throw new KubelabError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubelab get resource/<resource_name>' instead of 'kubelab get resource resource/<resource_name>'",
      );
    }
    return args.map((a) => {
      const at = a.indexOf('/');
      const [rt] = resolveType(a.slice(0, at));
      const name = a.slice(at + 1);
      if (!name) throw new KubelabError(`arguments in resource/name form must have a single resource and name`);
      return { rt: rt!, name };
    });
  }
  const types = args[0]!.split(',').filter(Boolean).flatMap(resolveType);
  const names = args.slice(1);
  if (names.length === 0) return dedupe(types).map((rt) => ({ rt }));
  return dedupe(types).flatMap((rt) => names.map((name) => ({ rt, name })));
}

function dedupe(list: ResourceType[]): ResourceType[] {
  return [...new Set(list)];
}

/** "pod", "deployment.apps": how kubectl names a kind in `-o name` and messages. */
export function kindPrefix(rt: ResourceType): string {
  return (rt.group ? `${rt.kind}.${rt.group}` : rt.kind).toLowerCase();
}
