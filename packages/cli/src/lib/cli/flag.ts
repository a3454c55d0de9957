/**
 * Flag definitions in oclif's shape, without loading oclif. A command's static `flags` are
 * plain objects that oclif's manifest writer and help renderer read as they read its own
 * (type, char, description, env, helpValue, options, multiple, default, defaultHelp), and that
 * argv.ts parses at run time with kubectl's (pflag's) rules. Loading @oclif/core costs about
 * 75 ms of CPU, more than a whole `kubelab get pods` may take (ARCHITECTURE.md rule 6).
 */

export interface Common {
  char?: string;
  description?: string;
  summary?: string;
  /** An environment variable that supplies the value when the flag is not given. */
  env?: string;
  hidden?: boolean;
  helpGroup?: string;
}

export interface BooleanFlag extends Common {
  type: 'boolean';
  default?: boolean;
  allowNo?: boolean;
}

export interface OptionFlag<T = unknown, Out = T | undefined> extends Common {
  type: 'option';
  helpValue?: string;
  options?: readonly string[];
  multiple?: boolean;
  /** With multiple: one occurrence may carry several values split on this (pflag's StringSlice). */
  delimiter?: ',';
  default?: T | T[];
  defaultHelp?: () => Promise<string | undefined>;
  /** Turns the text into the value; throws an Error whose message pflag would print after "invalid argument". */
  parse: (input: string) => T;
  /** Phantom: the parsed value's type. */
  readonly __out?: Out;
}

export type Flag = BooleanFlag | OptionFlag<any, any>;
export type FlagMap = Record<string, Flag>;

/** The parsed values of a flag map. */
export type FlagValues<F extends FlagMap> = {
  [K in keyof F]: F[K] extends BooleanFlag ? boolean : F[K] extends OptionFlag<any, infer Out> ? Out : never;
};

export type OptionInput<T> = Common & Omit<Partial<OptionFlag<T>>, 'type' | 'parse' | '__out' | 'default' | 'multiple'>;

function optionFactory<T>(parse: (input: string) => T) {
  function make(o: OptionInput<T> & { multiple: true; default?: T[] }): OptionFlag<T, T[]>;
  function make(o: OptionInput<T> & { default: T; multiple?: false }): OptionFlag<T, T>;
  function make(o?: OptionInput<T> & { multiple?: false; default?: undefined }): OptionFlag<T, T | undefined>;
  function make(o: OptionInput<T> & { multiple?: boolean; default?: T | T[] } = {}): OptionFlag<T, unknown> {
    return { ...o, type: 'option', parse };
  }
  return make;
}

export const Flags = {
  boolean(o: Omit<BooleanFlag, 'type'> = {}): BooleanFlag {
    return { ...o, type: 'boolean' };
  },
  string: optionFactory((s: string) => s),
  /** An integer, as pflag's IntVar reads it; `min`/`max` bound it. */
  integer<O extends OptionInput<number> & { min?: number; max?: number; default?: number }>(o: O): OptionFlag<number, O extends { default: number } ? number : number | undefined> {
    const { min, max, ...rest } = o;
    return {
      ...rest,
      type: 'option',
      parse: (s: string) => {
        if (!/^[+-]?\d+$/.test(s.trim())) throw new Error(`strconv.ParseInt: parsing ${JSON.stringify(s)}: invalid syntax`);
        const n = Number(s);
        if (min !== undefined && n < min) throw new Error(`must be at least ${min}`);
        if (max !== undefined && n > max) throw new Error(`must be at most ${max}`);
        return n;
      },
    };
  },
  /** A flag whose text is turned into a value by `parse` (durations, quantities). */
  custom<T>(parse: (input: string) => T) {
    return optionFactory(parse);
  },
};
