/**
 * End to end with the real kubectl 1.32: `kubectl explain` reads kubelab's /openapi/v3
 * documents (found through legacy discovery) and prints our fields, types and descriptions;
 * `kubectl create` finds `fieldValidation` on the kind's PATCH operation and leaves field
 * validation to the server.
 *
 * What kubectl requests (so the real API server serves the same):
 *   GET /version                         (a 404 is tolerated)
 *   GET /api, GET /apis                  (asks for aggregated discovery; legacy JSON accepted)
 *   GET /api/v1, GET /apis/<group>/<version> for every group
 *   GET /openapi/v3                      (the root)
 *   GET /openapi/v3/api/v1?hash=<HEX>    (the group version's document, Accept: application/json)
 * and for `explain --output plaintext-openapiv2` only:
 *   GET /openapi/v2 with Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf
 *   (protobuf only: a JSON answer or a 406 fails the command)
 * `kubectl create` and client-side `apply` read /openapi/v3 and the group version's document
 * before their POST, which carries ?fieldValidation=Strict when the PATCH operation lists it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlAvailable, startOpenAPIServer, type OpenAPIServer } from './openapi-server.js';

describe.skipIf(!kubectlAvailable)('kubectl against kubelab OpenAPI documents', () => {
  let server: OpenAPIServer;
  beforeAll(async () => {
    server = await startOpenAPIServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('explains pod.spec.containers with field types, required marks, enums and our descriptions', async () => {
    const { stdout, stderr, code } = await server.kubectl('explain', 'pod.spec.containers');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^KIND:\s+Pod\nVERSION:\s+v1\n/);
    expect(stdout).toContain('FIELD: containers <[]Container>');
    expect(stdout).toContain('The application containers of the pod. At least one is required.');
    expect(stdout).toContain('A single application container that runs in a pod.');
    expect(stdout).toContain('name\t<string> -required-');
    expect(stdout).toContain('env\t<[]EnvVar>');
    expect(stdout).toContain('resources\t<ResourceRequirements>');
    expect(stdout).toContain('livenessProbe\t<Probe>');
    expect(stdout).toMatch(/imagePullPolicy\t<string>\n\s+enum: Always, IfNotPresent, Never\n/);
    expect(stdout).toContain('Periodic check of container health; the container is restarted when it');
  });

  it('explains deployment.spec.strategy recursively down to int-or-string fields', async () => {
    const { stdout, code } = await server.kubectl('explain', 'deployment.spec.strategy', '--recursive');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^GROUP:\s+apps\nKIND:\s+Deployment\nVERSION:\s+v1\n/);
    expect(stdout).toContain('FIELD: strategy <DeploymentStrategy>');
    expect(stdout).toContain('How a deployment replaces its pods.');
    expect(stdout).toContain(
      ['  rollingUpdate\t<RollingUpdateDeployment>', '    maxSurge\t<IntOrString>', '    maxUnavailable\t<IntOrString>', '  type\t<string>', '  enum: Recreate, RollingUpdate'].join('\n'),
    );
  });

  it('explains svc.spec.ports through the short name', async () => {
    const { stdout, code } = await server.kubectl('explain', 'svc.spec.ports');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^KIND:\s+Service\nVERSION:\s+v1\n/);
    expect(stdout).toContain('FIELD: ports <[]ServicePort>');
    expect(stdout).toContain('port\t<integer> -required-');
    expect(stdout).toContain('targetPort\t<IntOrString>');
    expect(stdout).toContain('Port number or named container port on the backing pods. Defaults to port.');
    expect(stdout).toMatch(/protocol\t<string>\n\s+enum: SCTP, TCP, UDP\n/);
  });

  it('explains from the protobuf /openapi/v2 document when asked for the v2 output', async () => {
    const { stdout, stderr, code } = await server.kubectl('explain', 'deploy.spec.strategy', '--recursive', '--output=plaintext-openapiv2');
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toMatch(/^KIND:\s+Deployment\nVERSION:\s+apps\/v1\n/);
    expect(stdout).toContain('How a deployment replaces its pods.');
    expect(stdout).toContain(['   rollingUpdate\t<Object>', '      maxSurge\t<string>', '      maxUnavailable\t<string>', '   type\t<string>'].join('\n'));
    const v2 = server.requests.find((r) => r.url.startsWith('/openapi/v2'));
    expect(v2).toMatchObject({ status: 200, accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' });
  });

  it('says which field does not exist', async () => {
    const { stderr, code } = await server.kubectl('explain', 'pod.spec.containerz');
    expect(code).not.toBe(0);
    expect(stderr).toContain('field "containerz" does not exist');
  });

  it('reads the root document and then the hashed group version document', async () => {
    await server.kubectl('explain', 'cronjob.spec.jobTemplate');
    const urls = server.requests.map((r) => r.url);
    expect(urls).toContain('/openapi/v3?timeout=32s');
    expect(urls.some((u) => /^\/openapi\/v3\/apis\/batch\/v1\?hash=[0-9A-F]{128}&/.test(u))).toBe(true);
  });

  it('lets the server validate fields: kubectl create sends fieldValidation=Strict', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubelab-schema-'));
    const manifest = join(dir, 'pod.yaml');
    writeFileSync(manifest, 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, image: nginx}]\n');
    const { stdout, code } = await server.kubectl('create', '-f', manifest, '--dry-run=server');
    rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(0);
    expect(stdout).toContain('pod/web created (server dry run)');
    const post = server.requests.find((r) => r.method === 'POST');
    expect(post?.url).toContain('fieldValidation=Strict');
  });
});
