/** POST to a collection: create (201 Created). */
import type { JsonResponse } from '../api-request.js';
import { createObject } from '../rest/create.js';
import { encodedJson } from '../storage/object-store.js';
import { checkFields, fieldValidationOf } from '../field-validation.js';
import { type HandlerInput, decodeObject, jsonBodyText, warningHeaders } from './request.js';

export async function handleCreate(input: HandlerInput): Promise<JsonResponse> {
  const { rt } = input.res;
  const obj = decodeObject(input);
  checkFields(rt, input.ctx, fieldValidationOf(input.query), obj, jsonBodyText(input.req));
  // The decoded body is ours to consume; another attempt decodes it afresh (its warnings,
  // if any, were given once already).
  const again = () => {
    const o = decodeObject(input);
    checkFields(rt, input.ctx, 'Ignore', o);
    return o;
  };
  const created = await createObject(input.res, input.ctx, obj, { again });
  const response: JsonResponse = { status: 201, body: created, headers: warningHeaders(input.ctx.warnings) };
  const json = encodedJson(created);
  if (json !== undefined) response.json = json;
  return response;
}
