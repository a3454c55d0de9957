/**
 * Merging a profile's plugin set with the defaults (apis/config/v1 mergePluginSet):
 *
 *   - disabled names (or "*" for all) drop those defaults;
 *   - a default the profile enables again keeps its place but takes the profile's settings
 *     (weight);
 *   - the profile's other enabled plugins follow, in its order.
 *
 *   defaults [A B C], profile enabled [C(w5) D], disabled [B] → enabled [A C(w5) D]
 */
import type { PluginRef } from './types.js';

export function mergePluginSet(
  defaults: { enabled: readonly PluginRef[]; disabled: readonly PluginRef[] },
  custom: { enabled?: readonly PluginRef[]; disabled?: readonly PluginRef[] },
): { enabled: PluginRef[]; disabled: PluginRef[] } {
  const disabled = [...(custom.disabled ?? []), ...defaults.disabled].map((d) => ({ name: d.name }));
  const disabledNames = new Set(disabled.map((d) => d.name));
  const customEnabled = custom.enabled ?? [];
  const customIndex = new Map(customEnabled.map((p, i) => [p.name, i]));
  const replaced = new Set<number>();
  const enabled: PluginRef[] = [];
  if (!disabledNames.has('*')) {
    for (const d of defaults.enabled) {
      if (disabledNames.has(d.name)) continue;
      const i = customIndex.get(d.name);
      if (i !== undefined) {
        replaced.add(i);
        enabled.push({ ...customEnabled[i]! });
      } else {
        enabled.push({ ...d });
      }
    }
  }
  customEnabled.forEach((p, i) => {
    if (!replaced.has(i)) enabled.push({ ...p });
  });
  return { enabled, disabled };
}
