/** GET of one object (and of its status subresource, which is the whole object). */
import type { JsonResponse } from '../api-request.js';
import { negotiate } from '../negotiation.js';
import { includeObjectPolicy, partialMetadata, toTable } from '../printing.js';
import { getObject } from '../rest/read.js';
import type { HandlerInput } from './request.js';

export async function handleGet(input: HandlerInput): Promise<JsonResponse> {
  const obj = await getObject(input.res, input.ctx, input.info.name!);
  switch (negotiate(input.req.headers['accept'])) {
    case 'table':
      return {
        status: 200,
        body: toTable(input.res.rt, [obj], { resourceVersion: obj.metadata?.resourceVersion }, {
          includeObject: includeObjectPolicy(input.query),
          now: input.ctx.clock.now(),
        }),
      };
    case 'metadata':
      return { status: 200, body: partialMetadata(obj) };
    default:
      return { status: 200, body: obj };
  }
}
