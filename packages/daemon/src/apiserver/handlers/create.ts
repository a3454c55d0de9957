/** POST to a collection: create (201 Created). */
import type { JsonResponse } from '../api-request.js';
import { createObject } from '../rest/create.js';
import { checkFields, fieldValidationOf } from '../field-validation.js';
import { type HandlerInput, decodeObject, jsonBodyText, warningHeaders } from './request.js';

export async function handleCreate(input: HandlerInput): Promise<JsonResponse> {
  const obj = decodeObject(input);
  checkFields(input.res.rt, input.ctx, fieldValidationOf(input.query), obj, jsonBodyText(input.req));
  const created = await createObject(input.res, input.ctx, obj);
  return { status: 201, body: created, headers: warningHeaders(input.ctx.warnings) };
}
