/** Patches as kube-apiserver applies them and as kubectl computes them. */
export { applyJsonPatch, applyJsonPatchOperations, JsonPatchError, formatPointer, escapePointerToken, type JsonPatchOperation } from './json-patch.js';
export { applyMergePatch, createMergePatch, createThreeWayJsonMergePatch, MergePatchError, MergePatchConflictError } from './merge-patch.js';
export {
  applyStrategicMergePatch,
  strategicMergePatch,
  createTwoWayMergePatch,
  createThreeWayMergePatch,
  requireKeyUnchanged,
  requireMetadataKeyUnchanged,
  StrategicMergePatchError,
  StrategicMergeConflictError,
  PreconditionFailedError,
  type PatchPrecondition,
} from './strategic-merge.js';
