/**
 * apimachinery's special value types. Each has its own JSON form instead of a struct's:
 * Time is an RFC 3339 string, Quantity a string or number such as "500m" or 2, IntOrString
 * either an integer or a string, RawExtension and FieldsV1 arbitrary embedded JSON.
 * The OpenAPI writers print Quantity and IntOrString the way upstream does for each version
 * (a plain string in v2, a oneOf in v3); SchemaNodes mark them by format.
 */
import { type Definitions } from '../dsl.js';
import { FIELDS_V1, INT_OR_STRING, MICRO_TIME, PATCH, QUANTITY, RAW_EXTENSION, TIME } from '../dsl.js';

export const metaTypeDefinitions: Definitions = {
  [TIME]: {
    type: 'string',
    format: 'date-time',
    description: 'A timestamp in RFC 3339 form with second precision, such as "2024-05-01T12:00:00Z".',
  },
  [MICRO_TIME]: {
    type: 'string',
    format: 'date-time',
    description: 'A timestamp in RFC 3339 form with microsecond precision, such as "2024-05-01T12:00:00.000000Z".',
  },
  [QUANTITY]: {
    format: 'quantity',
    description:
      'A fixed-point amount such as 100m (0.1), 1.5, 128Mi (128 × 2^20) or 1G (10^9). Binary suffixes are Ki, Mi, Gi, Ti, Pi, Ei; ' +
      'decimal ones m, k, M, G, T, P, E; exponents like 1e3 are accepted. Written as a string; a plain number is accepted too.',
  },
  [INT_OR_STRING]: {
    format: 'int-or-string',
    intOrString: true,
    description: 'Either an integer or a string, such as a port number or port name, or a count or a percentage like "25%".',
  },
  [RAW_EXTENSION]: {
    type: 'object',
    preserveUnknownFields: true,
    description: 'An embedded object, kept as the JSON it was given.',
  },
  [PATCH]: {
    type: 'object',
    description: 'The body of a PATCH request: a JSON patch, a merge patch, a strategic merge patch or an apply configuration, as its content type says.',
  },
  [FIELDS_V1]: {
    type: 'object',
    preserveUnknownFields: true,
    description:
      'A set of fields as a trie: keys "f:<name>" for fields, "k:<json>" for list items by key, "v:<json>" for set values, ' +
      '"i:<index>" for list positions, and "." for the field itself.',
  },
};
