/**
 * Who a request is from (upstream's user.Info): the HTTP server authenticates the bearer
 * token and passes the result to the API server in headers it sets itself (any a client
 * sent are dropped first), as a front proxy passes X-Remote-User. The daemon's own token is
 * kubeadm's admin: user "kubernetes-admin" in group "kubeadm:cluster-admins", which the
 * bootstrap binds to cluster-admin. A service account token is
 * "system:serviceaccount:<ns>:<name>" in its groups. A request without these headers comes
 * from inside the daemon (controllers, scheduler, kubelets) and counts as system:masters.
 *
 * Impersonation (kubectl --as / --as-group): the Impersonate-User and Impersonate-Group
 * headers replace the identity when the requester may impersonate; kubelab lets the admin
 * (system:masters or kubeadm:cluster-admins) do so and refuses anyone else in
 * kube-apiserver's words.
 */
import { statusError } from '@kubelab/core';
import type { TokenClaims } from './service-account-token.js';

export interface UserInfo {
  username: string;
  groups: string[];
  uid?: string;
}

export const REMOTE_USER_HEADER = 'x-kubelab-remote-user';
export const REMOTE_GROUP_HEADER = 'x-kubelab-remote-group';

export const ADMIN_USER: UserInfo = { username: 'kubernetes-admin', groups: ['kubeadm:cluster-admins', 'system:authenticated'] };
/** What in-process components act as. */
export const SYSTEM_USER: UserInfo = { username: 'system:apiserver', groups: ['system:masters', 'system:authenticated'] };

export function serviceAccountUser(claims: TokenClaims): UserInfo {
  const { namespace, serviceaccount } = claims['kubernetes.io'];
  return {
    username: `system:serviceaccount:${namespace}:${serviceaccount.name}`,
    uid: serviceaccount.uid,
    groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
  };
}

/** Headers carrying an authenticated user into ApiServer.handle. */
export function identityHeaders(user: UserInfo): Record<string, string> {
  return { [REMOTE_USER_HEADER]: user.username, [REMOTE_GROUP_HEADER]: groupsHeader(user) };
}

/** The groups header of users seen before (the admin's, on nearly every request). */
const groupHeaders = new WeakMap<UserInfo, string>();

function groupsHeader(user: UserInfo): string {
  let h = groupHeaders.get(user);
  if (h === undefined) {
    h = user.groups.join(',');
    groupHeaders.set(user, h);
  }
  return h;
}

/** Drops identity headers a client may have sent: only the HTTP server sets them. */
export function stripIdentityHeaders(headers: Record<string, string | undefined>): void {
  delete headers[REMOTE_USER_HEADER];
  delete headers[REMOTE_GROUP_HEADER];
}

export function isPrivileged(user: UserInfo): boolean {
  return user.groups.includes('system:masters') || user.groups.includes('kubeadm:cluster-admins');
}

/** The request's user, impersonation applied. */
export function requestUser(headers: Record<string, string | undefined>): UserInfo {
  const name = headers[REMOTE_USER_HEADER];
  const user: UserInfo = name ? { username: name, groups: (headers[REMOTE_GROUP_HEADER] ?? '').split(',').filter(Boolean) } : SYSTEM_USER;
  const as = headers['impersonate-user'];
  const asGroups = (headers['impersonate-group'] ?? '').split(',').map((g) => g.trim()).filter(Boolean);
  if (!as && asGroups.length === 0) return user;
  if (!as) throw statusError(500, 'InternalError', 'Internal error occurred: requested [Impersonate-Group] without impersonating a user');
  if (!isPrivileged(user)) {
    const what = as.startsWith('system:serviceaccount:') ? `serviceaccounts "${as.split(':')[3]}"` : `users "${as}"`;
    const resource = as.startsWith('system:serviceaccount:') ? 'serviceaccounts' : 'users';
    const scope = as.startsWith('system:serviceaccount:') ? `in the namespace "${as.split(':')[2]}"` : 'at the cluster scope';
    throw statusError(403, 'Forbidden', `${what} is forbidden: User "${user.username}" cannot impersonate resource "${resource}" in API group "" ${scope}`);
  }
  const groups = [...asGroups];
  const sa = /^system:serviceaccount:([^:]+):([^:]+)$/.exec(as);
  if (sa && asGroups.length === 0) groups.push('system:serviceaccounts', `system:serviceaccounts:${sa[1]}`);
  if (as !== 'system:anonymous' && !groups.includes('system:authenticated')) groups.push('system:authenticated');
  return { username: as, groups };
}
