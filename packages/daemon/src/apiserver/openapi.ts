/**
 * /openapi/v2 and /openapi/v3: the documents derived from core's schemas. kubectl reads v3
 * to learn that the server validates fields itself (the PATCH operations list
 * `fieldValidation`) and for `kubectl explain`; v2, in protobuf, for explain's v2 output.
 * Each document's hash is its ETag, so clients cache it.
 */
import { openAPIV2Response, openAPIV3Document, openAPIV3Root, statusError } from '@kubelab/core';
import type { ApiResponse } from './api-request.js';

export function openAPI(path: string, accept: string | undefined): ApiResponse {
  if (path === '/openapi/v2') {
    const r = openAPIV2Response(accept);
    if (!r) throw statusError(406, 'NotAcceptable', 'only the following media types are accepted: application/json, application/com.github.proto-openapi.spec.v2@v1.0+protobuf');
    return {
      status: 200,
      text: typeof r.body === 'string' ? r.body : Buffer.from(r.body),
      contentType: r.contentType,
      headers: { etag: `"${r.etag}"`, vary: 'Accept' },
    };
  }
  const doc = path === '/openapi/v3' ? openAPIV3Root() : openAPIV3Document(path.slice('/openapi/v3/'.length));
  if (!doc) throw statusError(404, 'NotFound', 'the server could not find the requested resource');
  return { status: 200, text: doc.json, contentType: 'application/json', headers: { etag: `"${doc.hash}"` } };
}
