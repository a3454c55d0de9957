/**
 * metav1.FormatLabelSelector for table cells: the selector's string form, "<none>" when it
 * selects nothing or everything, "<error>" when it does not parse (an unknown operator).
 */
import { formatLabelSelector, type LabelSelector } from '../../labels/selector.js';

export function selectorCell(selector: LabelSelector | null | undefined): string {
  try {
    return formatLabelSelector(selector);
  } catch {
    return '<error>';
  }
}
