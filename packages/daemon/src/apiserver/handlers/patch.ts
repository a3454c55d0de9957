/**
 * PATCH, in the four types kube-apiserver accepts: JSON patch (RFC 6902), JSON merge patch
 * (RFC 7386), strategic merge patch (merge keys from the kind's schema) and server-side
 * apply (apply-patch+yaml: field ownership, conflicts, force). The patch is applied to the
 * current object inside the update loop, so a lost race re-applies it to the newer object;
 * a server-side apply to a missing object creates it.
 */
import {
  type KubeObject,
  apiVersionOfResource,
  badRequest,
  duplicateFields,
  schemaForKind,
  statusError,
  timestamp,
} from '@kubelab/core';
import { applyServerSide } from '@kubelab/core/apply/index';
import { applyJsonPatch, applyMergePatch, applyStrategicMergePatch } from '@kubelab/core/patch/index';
import { parse as parseYaml } from 'yaml';
import type { JsonResponse } from '../api-request.js';
import { checkFields, fieldValidationOf } from '../field-validation.js';
import { fieldManagerOptions } from '../managed-fields.js';
import { createObject } from '../rest/create.js';
import { updateObject } from '../rest/update.js';
import { scaleOf, writeScale } from '../subresources/scale.js';
import { getObject } from '../rest/read.js';
import { type HandlerInput, warningHeaders } from './request.js';

type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

const CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

export async function handlePatch(input: HandlerInput): Promise<JsonResponse> {
  const { req, query, ctx, info, res } = input;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  const type = CONTENT_TYPES[contentType];
  if (!type) {
    throw statusError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: ${Object.keys(CONTENT_TYPES).join(', ')}`,
    );
  }
  const text = req.body?.toString('utf8') ?? '';
  const patch = decodePatch(type, text);
  const force = query.get('force') === 'true';
  if (force && type !== 'apply') throw badRequest('force: Invalid value: true: may not be specified for non-apply patch');
  if (type === 'apply' && !query.get('fieldManager')) {
    throw statusError(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch', {
      causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }],
    });
  }
  const directive = fieldValidationOf(query);
  const duplicates = type === 'apply' ? [] : safeDuplicates(text);
  const sub = info.subresource;
  const apiVersion = apiVersionOfResource(res.rt);
  const schema = schemaForKind(apiVersion, res.rt.kind);
  const fmOptions = fieldManagerOptions(res.rt, ctx, sub);

  if (sub === 'scale') {
    const current = scaleOf(await getObject(res, ctx, info.name!));
    const patched = applyPatch(type, current, patch, undefined) as KubeObject;
    return writeScale(input, patched);
  }

  const apply = (live: KubeObject | undefined): KubeObject => {
    if (type === 'apply') return applyServerSide(live, patch, ctx.fieldManager, force, fmOptions);
    const patched = applyPatch(type, live, patch, schema) as KubeObject;
    checkFields(res.rt, ctx, directive, patched, undefined, duplicates);
    return patched;
  };
  const result = await updateObject(res, ctx, info.name!, (cur) => apply(cur), {
    subresource: sub,
    managedFieldsDone: type === 'apply',
    onMissing:
      type === 'apply' && !sub
        ? async () => {
            const created = apply(undefined);
            created.metadata = { ...created.metadata, name: info.name, creationTimestamp: timestamp(ctx.clock.now()) };
            return createObject(res, ctx, created, { managedFieldsDone: true });
          }
        : undefined,
  });
  return { status: result.created ? 201 : 200, body: result.object, headers: warningHeaders(ctx.warnings) };
}

function decodePatch(type: PatchType, text: string): unknown {
  if (text.trim() === '') throw badRequest('the request body is empty');
  try {
    return type === 'apply' ? parseYaml(text) : JSON.parse(text);
  } catch (err) {
    throw badRequest(`error decoding patch: ${(err as Error).message}`);
  }
}

function applyPatch(type: PatchType, current: KubeObject | undefined, patch: unknown, schema: ReturnType<typeof schemaForKind>): unknown {
  switch (type) {
    case 'json':
      return applyJsonPatch(current ?? {}, patch);
    case 'merge':
      return applyMergePatch(current ?? {}, patch);
    case 'strategic':
      return applyStrategicMergePatch(current ?? {}, patch, schema);
    case 'apply':
      throw new Error('apply patches go through applyServerSide');
  }
}

function safeDuplicates(text: string) {
  try {
    return duplicateFields(text);
  } catch {
    return [];
  }
}
