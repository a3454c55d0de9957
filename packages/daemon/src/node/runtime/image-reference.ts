/**
 * Image references as container runtimes normalise them (github.com/distribution/reference):
 *
 *   nginx                       → docker.io/library/nginx:latest
 *   nginx:1.27                  → docker.io/library/nginx:1.27
 *   curlimages/curl:8.11.1      → docker.io/curlimages/curl:8.11.1
 *   registry.k8s.io/pause:3.10  → registry.k8s.io/pause:3.10
 *   localhost:5000/app          → localhost:5000/app:latest
 *   nginx@sha256:…              → docker.io/library/nginx@sha256:… (no tag)
 *
 * The first path component is a registry when it has a "." or ":" or is "localhost".
 */
export interface ImageReference {
  /** "docker.io", "registry.k8s.io". */
  domain: string;
  /** "library/nginx". */
  path: string;
  /** "docker.io/library/nginx". */
  repository: string;
  tag: string | undefined;
  digest: string | undefined;
  /** The normalised full reference ("docker.io/library/nginx:1.27"). */
  normalized: string;
  /** Docker's short form ("nginx:1.27"), as cri-dockerd reports images. */
  familiar: string;
}

const REFERENCE = /^(?<name>[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*|[a-zA-Z0-9.-]+(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}))?$/;

export class InvalidImageName extends Error {}

export function parseImageReference(image: string): ImageReference {
  const m = REFERENCE.exec(image);
  if (!m?.groups) throw new InvalidImageName(`invalid reference format: "${image}"`);
  const name = m.groups['name']!;
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let domain: string;
  let path: string;
  if (slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    domain = first;
    path = name.slice(slash + 1);
  } else {
    domain = 'docker.io';
    path = slash < 0 ? `library/${name}` : name;
  }
  const digest = m.groups['digest'];
  const tag = m.groups['tag'] ?? (digest ? undefined : 'latest');
  const repository = `${domain}/${path}`;
  const suffix = `${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  const familiarName = domain === 'docker.io' ? path.replace(/^library\//, '') : repository;
  return { domain, path, repository, tag, digest, normalized: repository + suffix, familiar: familiarName + suffix };
}
