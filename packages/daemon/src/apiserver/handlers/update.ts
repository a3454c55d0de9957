/**
 * PUT of an object or its status: replace, guarded by the resourceVersion in the body.
 * The name in the body must be the name in the URL.
 */
import { badRequest } from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import { createObject } from '../rest/create.js';
import { updateObject } from '../rest/update.js';
import { checkFields, fieldValidationOf } from '../field-validation.js';
import { type HandlerInput, decodeObject, jsonBodyText, warningHeaders } from './request.js';

export async function handleUpdate(input: HandlerInput): Promise<JsonResponse> {
  const { res, ctx, info } = input;
  const name = info.name!;
  const obj = decodeObject(input);
  checkFields(res.rt, ctx, fieldValidationOf(input.query), obj, jsonBodyText(input.req));
  const bodyName = obj.metadata?.name;
  if (bodyName !== undefined && bodyName !== name) {
    throw badRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  }
  obj.metadata!.name = name;
  const result = await updateObject(res, ctx, name, () => obj, {
    subresource: info.subresource,
    onMissing: res.strategy.allowCreateOnUpdate && !info.subresource ? () => createObject(res, ctx, obj) : undefined,
  });
  return { status: result.created ? 201 : 200, body: result.object, headers: warningHeaders(ctx.warnings) };
}
