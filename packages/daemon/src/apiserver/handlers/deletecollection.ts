/** DELETE of a collection: every object the selectors match is deleted as DELETE would. */
import { type KubeObject, StatusError } from '@kubelab/core';
import type { JsonResponse } from '../api-request.js';
import { deleteObject } from '../rest/delete.js';
import { listObjects } from '../rest/read.js';
import { deleteOptions } from './delete.js';
import { type HandlerInput, readOptions } from './request.js';

export async function handleDeleteCollection(input: HandlerInput): Promise<JsonResponse> {
  const { res, ctx } = input;
  const options = deleteOptions(input.req, input.query);
  const list = await listObjects(res, ctx, readOptions(input.query));
  const deleted: KubeObject[] = [];
  for (const item of list.items) {
    const itemCtx = { ...ctx, namespace: item.metadata?.namespace };
    try {
      deleted.push((await deleteObject(res, itemCtx, item.metadata!.name!, options)).object);
    } catch (err) {
      // Something deleted it meanwhile: that is what we wanted.
      if (err instanceof StatusError && err.code === 404) continue;
      throw err;
    }
  }
  return { status: 200, body: { ...list, items: deleted } };
}
