/** GET of a collection: a list, a Table of it, or its metadata only. */
import type { JsonResponse } from '../api-request.js';
import { negotiate } from '../negotiation.js';
import { includeObjectPolicy, partialMetadataList, toTable } from '../printing.js';
import { listObjects } from '../rest/read.js';
import { type HandlerInput, readOptions } from './request.js';

export async function handleList(input: HandlerInput): Promise<JsonResponse> {
  const list = await listObjects(input.res, input.ctx, readOptions(input.query));
  switch (negotiate(input.req.headers['accept'])) {
    case 'table':
      return {
        status: 200,
        body: toTable(input.res.rt, list.items, list.metadata, {
          includeObject: includeObjectPolicy(input.query),
          now: input.ctx.clock.now(),
        }),
      };
    case 'metadata':
      return { status: 200, body: partialMetadataList(list.items, list.metadata as Record<string, unknown>) };
    default:
      return { status: 200, body: list };
  }
}
