/** Positional arguments in oclif's shape (for help's USAGE line), without loading oclif. */
export interface Arg {
  description?: string;
  required?: boolean;
  /** Takes every remaining positional argument. */
  multiple?: boolean;
  hidden?: boolean;
}

export type ArgMap = Record<string, Arg>;

export const Args = {
  string(o: Arg = {}): Arg {
    return { ...o };
  },
};
