/** The flags `label` and `annotate` share. */
import { Flags } from '../cli/flag.js';
import { dryRunFlags, fileFlags, kubeFlags } from '../../flags.js';

export const labelFlags = {
  ...kubeFlags,
  ...fileFlags,
  ...dryRunFlags,
  overwrite: Flags.boolean({ description: 'Replace values that are already set.' }),
  all: Flags.boolean({ description: 'Every object of the types in the namespace.' }),
  selector: Flags.string({ char: 'l', description: 'Selector (label query) to filter on.', helpValue: 'SELECTOR' }),
  'all-namespaces': Flags.boolean({ char: 'A', description: 'With --all or -l: in every namespace.' }),
  'resource-version': Flags.string({ description: 'Only update if the object is still at this resource version.', helpValue: 'RV' }),
  list: Flags.boolean({ description: 'List the current values instead of changing them.' }),
};
