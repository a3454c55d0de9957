/**
 * DefaultBinder (Bind): POST pods/NAME/binding with the chosen node — the API server sets
 * spec.nodeName and the PodScheduled condition.
 */
import type { CycleState } from '../../framework/cycle-state.js';
import type { BindPlugin, Handle } from '../../framework/interface.js';
import type { PodInfo } from '../../framework/pod-info.js';
import { type Status, asStatus } from '../../framework/status.js';
import { Names } from '../names.js';

export class DefaultBinder implements BindPlugin {
  readonly name = Names.DefaultBinder;

  constructor(private readonly handle: Pick<Handle, 'api'>) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<Status | null> {
    try {
      await this.handle.api.bind(pod.pod, nodeName);
      return null;
    } catch (err) {
      return asStatus(err);
    }
  }
}
