/**
 * Why a protobuf body could not be decoded. `malformed` bodies are the client's fault (400, as
 * kube-apiserver answers a body it cannot decode); `unsupported` names a kind or encoding
 * kubelab has no table for (415, the media type is fine but not for this object).
 */
export class ProtobufDecodeError extends Error {
  constructor(
    message: string,
    readonly reason: 'malformed' | 'unsupported' = 'malformed',
  ) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}
