/**
 * The core/v1 Event kind.
 */
import { obj, req, str, int32, ref, time, microTime, type Definitions } from '../dsl.js';
import { core, meta } from './names.js';

export const eventDefinitions: Definitions = {
  [core('Event')]: obj('A report of something that happened to an object, such as a pod being scheduled or failing to pull its image. Events expire after a while.', {
    apiVersion: str(
      'Versioned schema of this object, such as "v1" or "apps/v1". The server converts the schemas it knows and rejects others.',
    ),
    kind: str(
      'Kind of object, in CamelCase, such as "Pod". The server can infer it from the request path. Cannot be updated.',
    ),
    metadata: req(ref(meta('ObjectMeta'), 'Standard object metadata.')),
    involvedObject: req(ref(core('ObjectReference'), 'The object the event is about.')),
    reason: str('Short CamelCase reason for the event, for machines.'),
    message: str('Human-readable description of the event.'),
    source: ref(core('EventSource'), 'Component that reported the event; use reportingComponent in new events.'),
    firstTimestamp: time('When the event was first seen.'),
    lastTimestamp: time('When the event was most recently seen.'),
    count: int32('How many times the event has occurred.'),
    type: str('Normal or Warning; more types may come.'),
    eventTime: microTime('When the event was first observed, with microsecond precision.'),
    series: ref(core('EventSeries'), 'Data about a series of repeated events.'),
    action: str('What was done, or failed, about the object.'),
    related: ref(core('ObjectReference'), 'A second object involved, if any.'),
    reportingComponent: str('Controller that emitted the event, such as kubernetes.io/kubelet.'),
    reportingInstance: str('Instance of the controller, such as the kubelet\'s node name.'),
  }),
  [core('EventSource')]: obj('Component that reported an event.', {
    component: str('Name of the component.'),
    host: str('Node the component runs on.'),
  }),
  [core('EventSeries')]: obj('A series of similar events.', {
    count: int32('Number of occurrences so far.'),
    lastObservedTime: microTime('When the last occurrence was seen.'),
  }),
};
