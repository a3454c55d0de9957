/**
 * CycleState: what plugins compute for one pod in one scheduling cycle (PreFilter results
 * read by Filter, PreScore results read by Score), kept under typed keys so a plugin reads
 * back exactly the type it wrote. Preemption dry-runs clone the state, so data that
 * PreFilter extensions mutate (AddPod/RemovePod) implements clone().
 *
 *   const FIT_STATE = new StateKey<FitState>('PreFilterNodeResourcesFit');
 *   state.write(FIT_STATE, computed);
 *   const s = state.read(FIT_STATE);   // FitState | undefined
 */
export interface StateData {
  /** A copy that can be mutated independently (shallow when the data is never mutated). */
  clone(): StateData;
}

let nextSlot = 0;

export class StateKey<T extends StateData> {
  /** Only for typing: never set. */
  declare readonly _type?: T;
  /** Where the data sits in a CycleState: keys are few and made once, reads are per node. */
  readonly slot = nextSlot++;
  constructor(readonly name: string) {}
}

export class CycleState {
  private data: Array<StateData | undefined> = [];
  /** Plugins whose PreFilter answered Skip: their Filter is not run. */
  skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore answered Skip: their Score is not run. */
  skipScorePlugins = new Set<string>();
  /** The Filter plugins left after PreFilter's skips (the framework's cache). */
  activeFilters: readonly unknown[] | undefined;

  read<T extends StateData>(key: StateKey<T>): T | undefined {
    return this.data[key.slot] as T | undefined;
  }

  write<T extends StateData>(key: StateKey<T>, value: T): void {
    this.data[key.slot] = value;
  }

  delete(key: StateKey<StateData>): void {
    this.data[key.slot] = undefined;
  }

  clone(): CycleState {
    const copy = new CycleState();
    copy.data = this.data.map((v) => v?.clone());
    copy.skipFilterPlugins = new Set(this.skipFilterPlugins);
    copy.skipScorePlugins = new Set(this.skipScorePlugins);
    copy.activeFilters = this.activeFilters;
    return copy;
  }
}

/** StateData that is never mutated after it is written: clone() returns itself. */
export abstract class ImmutableState implements StateData {
  clone(): StateData {
    return this;
  }
}
