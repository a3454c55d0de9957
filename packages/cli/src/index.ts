/** The kubelab CLI lands with issue 4; until then the package exports its version. */
export const CLI_VERSION = '0.1.0';
