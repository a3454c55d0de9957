/**
 * A command's session with the API: the resolved connection, a KubeClient over HTTPS and the
 * namespace to use. Commands open one, make their requests, and close it.
 */
import { KubeClient } from '@kubelab/core/client/client';
import { type ConnectionFlags, type KubeConnection, resolveConnection } from './connection.js';
import { HttpsTransport } from './https-transport.js';

export interface Session {
  conn: KubeConnection;
  client: KubeClient;
  transport: HttpsTransport;
  namespace: string;
  close(): Promise<void>;
}

export async function openSession(flags: ConnectionFlags): Promise<Session> {
  const conn = await resolveConnection(flags);
  const transport = new HttpsTransport({ ...conn, local: conn.local });
  return { conn, client: new KubeClient(transport), transport, namespace: conn.namespace, close: () => transport.close() };
}

/** Runs fn with a session and always closes it (kept-alive sockets would hold the process open). */
export async function withSession<T>(flags: ConnectionFlags, fn: (s: Session) => Promise<T>): Promise<T> {
  const session = await openSession(flags);
  try {
    return await fn(session);
  } finally {
    await session.close();
  }
}
