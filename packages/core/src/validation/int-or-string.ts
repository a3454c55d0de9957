/**
 * Checks of intstr.IntOrString fields: ports given as a number or a named port
 * (ValidatePortNumOrName in core validation) and counts given as a number or a percentage
 * (ValidatePositiveIntOrPercent and IsNotMoreThan100Percent in apps validation).
 */
import { type Errs, invalid, nonNegative } from './field.js';
import { isValidPercent, isValidPortName, isValidPortNum } from './formats.js';

export function validatePortNumOrName(port: unknown, field: string): Errs {
  if (typeof port === 'number') return isValidPortNum(port).map((m) => invalid(field, port, m));
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(field, port, m));
  return [invalid(field, port ?? 0, 'must be between 1 and 65535, inclusive')];
}

export function validatePositiveIntOrPercent(value: unknown, field: string): Errs {
  if (typeof value === 'string') return isValidPercent(value).map((m) => invalid(field, value, m));
  if (typeof value === 'number') return nonNegative(value, field);
  return [];
}

/** The percentage of a valid percent string. */
function percentValue(value: unknown): number | undefined {
  return typeof value === 'string' && isValidPercent(value).length === 0 ? Number.parseInt(value.slice(0, -1), 10) : undefined;
}

/** getIntOrPercentValue: the number, the percentage, or IntValue() of any other string (Atoi, 0 on failure). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const p = percentValue(value);
  if (p !== undefined) return p;
  if (typeof value === 'string' && /^[+-]?[0-9]+$/.test(value)) return Number.parseInt(value, 10);
  return 0;
}

export function isNotMoreThan100Percent(value: unknown, field: string): Errs {
  const p = percentValue(value);
  return p === undefined || p <= 100 ? [] : [invalid(field, value, 'must not be greater than 100%')];
}
