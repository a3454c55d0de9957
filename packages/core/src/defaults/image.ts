/**
 * The default imagePullPolicy (SetDefaults_Container): Always for an image whose tag is
 * "latest" — written or implied by having neither tag nor digest — and IfNotPresent
 * otherwise, including for references that do not parse (parsers.ParseImageName fails and
 * yields no tag).
 */

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const REFERENCE_RE = new RegExp(
  `^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}))?$`,
);

/** The tag of an image reference as ParseImageName reports it ("latest" when implied), or "". */
export function imageTag(image: string): string {
  const m = REFERENCE_RE.exec(image);
  if (!m) return '';
  // A first component without "." or ":" (and not "localhost") is a path component, not a
  // registry, and repository paths must be lowercase.
  const domain = m[1];
  if (domain !== undefined && !/[.:]/.test(domain) && domain !== 'localhost' && domain !== domain.toLowerCase()) return '';
  const tag = m[3];
  const digest = m[4];
  if (tag) return tag;
  return digest ? '' : 'latest';
}

export function defaultPullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}
