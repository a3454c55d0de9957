/**
 * The image catalogue: fixtures/images/*.yaml, read once and looked up by reference. A
 * lookup answers the image a registry would serve for `nginx:1.27` — its digest, size and
 * config — or why it cannot: no such tag, no such repository, or a registry that does not
 * resolve. Digests are derived from the names (sha256 of "repository@canonical-tag"), so
 * they are stable from run to run and tags of one group share one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { ImageReference } from './image-reference.js';
import type { ImageSpecFile, TagGroup } from './image-spec.js';
import { parseSize } from './template.js';

/**
 * fixtures/images at the repository root: the nearest one above this module, so sources,
 * dist/node/runtime and the single-file bundle (dist/bundle) all find it.
 */
export const DEFAULT_CATALOGUE_DIR = findUp(dirname(fileURLToPath(import.meta.url)), join('fixtures', 'images'));

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(from, relative);
  }
}

/** Registries that exist: a repository missing there is "not found"; any other host does not resolve. */
const KNOWN_REGISTRIES = new Set(['docker.io', 'registry.k8s.io', 'gcr.io', 'ghcr.io', 'quay.io', 'public.ecr.aws', 'us-docker.pkg.dev', 'mcr.microsoft.com', 'registry.gitlab.com']);

export interface CatalogueImage {
  spec: ImageSpecFile;
  /** The repository asked for (an alias stays as asked). */
  repository: string;
  /** Every tag of the group, canonical first. */
  tags: string[];
  /** Manifest digest ("sha256:…"): what repoDigests and imageID carry. */
  digest: string;
  /** Config digest ("sha256:…"): the image ID. */
  id: string;
  size: number;
  /** The image's environment for this tag. */
  env: Record<string, string>;
}

export type CatalogueLookup =
  | { image: CatalogueImage }
  | { error: 'tag-not-found' | 'repository-not-found' | 'registry-unreachable' };

export class ImageCatalogue {
  private readonly byRepository = new Map<string, ImageSpecFile>();
  private static readonly loaded = new Map<string, ImageCatalogue>();

  constructor(specs: ImageSpecFile[]) {
    for (const s of specs) {
      this.byRepository.set(s.repository, s);
      for (const a of s.aliases ?? []) this.byRepository.set(a, s);
    }
  }

  /** The catalogue in dir (read once per directory). */
  static load(dir: string = DEFAULT_CATALOGUE_DIR): ImageCatalogue {
    let c = ImageCatalogue.loaded.get(dir);
    if (!c) {
      const specs = readdirSync(dir)
        .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml') || f.endsWith('.json'))
        .sort()
        .map((f) => {
          const text = readFileSync(join(dir, f), 'utf8');
          const spec = (f.endsWith('.json') ? JSON.parse(text) : parse(text)) as ImageSpecFile;
          if (!spec?.repository || !Array.isArray(spec.tags)) throw new Error(`${join(dir, f)}: an image needs repository and tags`);
          return spec;
        });
      c = new ImageCatalogue(specs);
      ImageCatalogue.loaded.set(dir, c);
    }
    return c;
  }

  lookup(ref: ImageReference): CatalogueLookup {
    const spec = this.byRepository.get(ref.repository);
    if (!spec) return { error: KNOWN_REGISTRIES.has(ref.domain) ? 'repository-not-found' : 'registry-unreachable' };
    for (const group of spec.tags) {
      const image = this.image(spec, ref.repository, group);
      if (ref.tag !== undefined && !group.names.includes(ref.tag)) continue;
      if (ref.digest !== undefined && ref.digest !== image.digest) continue;
      return { image };
    }
    return { error: 'tag-not-found' };
  }

  /** Every image of the catalogue, one per tag group (listings, pre-pulls). */
  list(): CatalogueImage[] {
    const seen = new Set<ImageSpecFile>();
    const out: CatalogueImage[] = [];
    for (const spec of this.byRepository.values()) {
      if (seen.has(spec)) continue;
      seen.add(spec);
      for (const g of spec.tags) out.push(this.image(spec, spec.repository, g));
    }
    return out;
  }

  private image(spec: ImageSpecFile, repository: string, group: TagGroup): CatalogueImage {
    const canonical = group.names[0]!;
    return {
      spec,
      repository,
      tags: group.names,
      digest: `sha256:${sha256(`${spec.repository}@${canonical}`)}`,
      id: `sha256:${sha256(`config:${spec.repository}@${canonical}`)}`,
      size: parseSize(group.size ?? spec.size ?? 10_000_000),
      env: { ...(spec.env ?? {}), ...(group.env ?? {}) },
    };
  }
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}
