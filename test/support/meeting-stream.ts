/** One server-sent event as a meeting screen receives it. */
export interface ReceivedEvent {
  readonly id: string | undefined;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly at: number;
}

export interface MeetingStream {
  readonly events: ReceivedEvent[];
  /** Connections opened (1 + reconnects) and how many of them sent a Last-Event-ID. */
  readonly connections: { opened: number; withLastEventId: number; refused: number };
  /** The id of the last event received (what a reconnect sends as Last-Event-ID). */
  lastEventId(): string | undefined;
  /** Ends the current connection as a network failure would (the stream reconnects if it follows). */
  drop(): void;
  close(): void;
}

/**
 * A live meeting screen: reads GET /meetings/:id/events with fetch, parses `id:`, `event:` and
 * `data:` lines, and (with `reconnect`) reconnects as EventSource does, sending the last event id
 * as Last-Event-ID, so the server replays what was missed. The token is asked for at every
 * connection (a screen refreshes it).
 */
export function followMeeting(
  baseUrl: string,
  meetingId: string,
  token: () => string | Promise<string>,
  options: { reconnect?: boolean; lastEventId?: string; retryMs?: number } = {},
): MeetingStream {
  const events: ReceivedEvent[] = [];
  const connections = { opened: 0, withLastEventId: 0, refused: 0 };
  let last = options.lastEventId;
  let closed = false;
  let abort = new AbortController();

  const connectOnce = async (): Promise<void> => {
    abort = new AbortController();
    const headers: Record<string, string> = { authorization: `Bearer ${await token()}`, accept: 'text/event-stream' };
    if (last) headers['last-event-id'] = last;
    const response = await fetch(`${baseUrl}/meetings/${meetingId}/events`, { headers, signal: abort.signal });
    if (response.status !== 200 || !response.body) {
      connections.refused += 1;
      await response.body?.cancel();
      return;
    }
    connections.opened += 1;
    if (last) connections.withLastEventId += 1;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const id = /^id: ?(.*)$/m.exec(block)?.[1];
        const type = /^event: ?(.*)$/m.exec(block)?.[1];
        const data = /^data: ?(.*)$/m.exec(block)?.[1];
        if (id !== undefined) last = id;
        if (type && data) events.push({ id, type, data: JSON.parse(data) as Record<string, unknown>, at: Date.now() });
      }
    }
  };

  void (async () => {
    do {
      await connectOnce().catch(() => undefined);
      if (closed || !options.reconnect) return;
      await new Promise((resolve) => setTimeout(resolve, options.retryMs ?? 250));
    } while (!closed);
  })();

  return {
    events,
    connections,
    lastEventId: () => last,
    drop: () => abort.abort(),
    close: () => {
      closed = true;
      abort.abort();
    },
  };
}

/**
 * The gaps in what a screen received: within one generation of event ids, every sequence number
 * from the first one seen (or the one a `reset` named) to the last must be there. Returns the
 * missing ids (empty when the screen saw every event).
 */
export function missingEvents(events: readonly ReceivedEvent[]): string[] {
  const missing: string[] = [];
  let generation: string | undefined;
  let sequence = 0;
  for (const event of events) {
    if (!event.id) continue;
    const [gen, seqText] = event.id.split('.');
    const seq = Number(seqText);
    if (event.type === 'reset' || gen !== generation) {
      // A new generation without a reset (Redis lost the log while connected) starts at 1.
      if (event.type !== 'reset' && generation !== undefined)
        for (let expected = 1; expected < seq; expected += 1) missing.push(`${gen}.${expected}`);
      generation = gen;
      sequence = seq;
      continue;
    }
    for (let expected = sequence + 1; expected < seq; expected += 1) missing.push(`${gen}.${expected}`);
    if (seq > sequence) sequence = seq;
  }
  return missing;
}
