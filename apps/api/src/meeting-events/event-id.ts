/**
 * The id of a meeting event (the SSE `id:` field): the generation of the meeting's event log and
 * the event's sequence number in it, `<generation>.<sequence>`. Sequence numbers increase by one
 * per event of the meeting, so a gap is visible; a new generation (Redis restarted or flushed)
 * makes every older id unusable for replay.
 */
export interface EventId {
  readonly generation: string;
  readonly sequence: number;
}

const EVENT_ID = /^([a-z0-9]{1,16})\.([1-9][0-9]{0,15})$/;

/** The id as the client sent it back (Last-Event-ID), or null when it is not one of ours. */
export function parseEventId(value: string): EventId | null {
  const [, generation, digits] = EVENT_ID.exec(value.trim()) ?? [];
  if (generation === undefined || digits === undefined) return null;
  const sequence = Number(digits);
  return Number.isSafeInteger(sequence) ? { generation, sequence } : null;
}

export function eventIdOf(id: EventId): string {
  return `${id.generation}.${id.sequence}`;
}
