/**
 * Service account tokens: JWTs (ES256) signed with the API server's key, carrying the claims
 * kube-apiserver puts in a bound token (iss, sub `system:serviceaccount:<ns>:<name>`, aud,
 * exp/iat/nbf, and the `kubernetes.io` claim naming the namespace and service account).
 * `kubectl create token NAME` gets one through serviceaccounts/NAME/token; the API accepts
 * it as a bearer token.
 */
import { type KeyObject, createHash, createPublicKey, randomUUID, sign, verify } from 'node:crypto';

export const ISSUER = 'https://kubernetes.default.svc.cluster.local';

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

export interface TokenIssuer {
  issue(namespace: string, name: string, uid: string, audiences: string[], expirationSeconds: number, nowMs: number): { token: string; expiresAt: number };
  /** The claims of a valid, unexpired token we issued; undefined otherwise. */
  verify(token: string, nowMs: number): TokenClaims | undefined;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function tokenIssuer(privateKey: KeyObject): TokenIssuer {
  const publicKey = createPublicKey(privateKey);
  const kid = createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('base64url');
  const header = b64url(JSON.stringify({ alg: 'ES256', kid }));
  return {
    issue(namespace, name, uid, audiences, expirationSeconds, nowMs) {
      const iat = Math.floor(nowMs / 1000);
      const claims: TokenClaims = {
        aud: audiences.length ? audiences : [ISSUER],
        exp: iat + expirationSeconds,
        iat,
        iss: ISSUER,
        jti: randomUUID(),
        'kubernetes.io': { namespace, serviceaccount: { name, uid } },
        nbf: iat,
        sub: `system:serviceaccount:${namespace}:${name}`,
      };
      const signingInput = `${header}.${b64url(JSON.stringify(claims))}`;
      const signature = sign('sha256', Buffer.from(signingInput), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      return { token: `${signingInput}.${b64url(signature)}`, expiresAt: claims.exp * 1000 };
    },
    verify(token, nowMs) {
      const parts = token.split('.');
      if (parts.length !== 3 || parts[0] !== header) return undefined;
      const ok = verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(parts[2]!, 'base64url'));
      if (!ok) return undefined;
      try {
        const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as TokenClaims;
        const now = Math.floor(nowMs / 1000);
        return claims.iss === ISSUER && claims.exp > now && claims.nbf <= now + 60 ? claims : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
