/**
 * Event columns (printEvent): LAST SEEN, TYPE, REASON, OBJECT ("<kind>/<name>" in lower
 * case), MESSAGE, and with -o wide SUBOBJECT, SOURCE, FIRST SEEN, COUNT, NAME.
 *
 * Events written through the events.k8s.io API leave the core timestamps empty, so FIRST
 * SEEN falls back to eventTime, LAST SEEN to FIRST SEEN, and a series overrides both LAST
 * SEEN and COUNT; a singleton event without a count counts once.
 */
import type { KubeObject } from '../../api/meta.js';
import type { Cell } from '../table-types.js';
import { NAME_COLUMN, column, int, nameOf, parseTime, since, text, wide, type Printer } from './common.js';

interface EventView extends KubeObject {
  involvedObject?: { kind?: string; name?: string; fieldPath?: string };
  reason?: string;
  message?: string;
  type?: string;
  count?: number;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  series?: { count?: number; lastObservedTime?: string } | null;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'Time since the event last occurred.'),
    column('Type', 'string', 'Normal or Warning.'),
    column('Reason', 'string', 'A short, machine-readable cause of the event.'),
    column('Object', 'string', 'The object the event is about.'),
    wide('Subobject', 'string', 'The part of the object the event is about, such as a container.'),
    wide('Source', 'string', 'The component, and host, that reported the event.'),
    column('Message', 'string', 'A human-readable description of the event.'),
    wide('First Seen', 'string', 'Time since the event first occurred.'),
    wide('Count', 'string', 'How many times the event has occurred.'),
    { ...NAME_COLUMN, priority: 1 },
  ],
  cells: (obj, now) => eventCells(obj as EventView, now),
};

function eventCells(ev: EventView, now: number): Cell[] {
  const firstSeen = parseTime(ev.firstTimestamp) !== undefined ? since(ev.firstTimestamp, now) : since(ev.eventTime, now);
  let lastSeen = parseTime(ev.lastTimestamp) !== undefined ? since(ev.lastTimestamp, now) : firstSeen;
  let count = int(ev.count);
  if (ev.series) {
    lastSeen = since(ev.series.lastObservedTime, now);
    count = int(ev.series.count);
  } else if (count === 0) {
    count = 1;
  }
  const involved = ev.involvedObject ?? {};
  const kind = text(involved.kind).toLowerCase();
  const target = involved.name ? `${kind}/${involved.name}` : kind;
  return [
    lastSeen,
    text(ev.type),
    text(ev.reason),
    target,
    text(involved.fieldPath),
    eventSource(ev),
    text(ev.message).trim(),
    firstSeen,
    count,
    nameOf(ev),
  ];
}

/** "<component>, <host>", each falling back to the reporting controller and instance. */
function eventSource(ev: EventView): string {
  const component = ev.source?.component || text(ev.reportingComponent);
  const host = ev.source?.host || text(ev.reportingInstance);
  return host === '' ? component : `${component}, ${host}`;
}
