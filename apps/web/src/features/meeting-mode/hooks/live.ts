import { useCallback, useEffect, useState } from 'react';
import { authorizedFetch } from '../../../api';

/** An event of GET /meetings/:id/events: what changed, never the data itself (refetch it). */
export interface MeetingEvent {
  kind: 'ready' | 'reset' | 'tally' | 'proposal' | 'override' | 'sign-off' | 'attendance' | 'agenda';
  meetingId: string;
  recommendationId?: string | null;
  round?: number;
}

/** live: the stream is open; polling: it failed, the screen polls until it reconnects. */
export type LiveMode = 'connecting' | 'live' | 'polling';

/** The server sends a heartbeat every 15 s: twice that in silence means the stream stalled. */
const STALL_MS = 35_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * Follows the meeting's event stream with fetch (EventSource cannot send the bearer token),
 * reconnecting with exponential backoff; the token is refreshed by authorizedFetch on 401, and
 * the server ends the stream when the token expires. A reconnect sends the last event id
 * (Last-Event-ID, as EventSource would): the server replays what was missed, or sends `reset`.
 * Returns the function that stops it.
 */
export function followMeeting(
  meetingId: string,
  onEvent: (event: MeetingEvent) => void,
  onMode: (mode: LiveMode) => void,
): () => void {
  let stopped = false;
  let controller: AbortController | null = null;
  let retryTimer: number | undefined;
  let failures = 0;
  let lastEventId: string | undefined;

  const connect = async (): Promise<void> => {
    controller = new AbortController();
    const abort = controller;
    let stall: number | undefined;
    const watchdog = (): void => {
      window.clearTimeout(stall);
      stall = window.setTimeout(() => abort.abort(), STALL_MS);
    };
    try {
      watchdog();
      const response = await authorizedFetch(`/meetings/${meetingId}/events`, {
        headers: { accept: 'text/event-stream', ...(lastEventId ? { 'last-event-id': lastEventId } : {}) },
        signal: abort.signal,
      });
      if (!response.ok || !response.body || !response.headers.get('content-type')?.startsWith('text/event-stream')) {
        await response.body?.cancel();
        // Not allowed or not there: polling shows the same error; retrying would not help.
        if (response.status === 401 || response.status === 403 || response.status === 404)
          failures = Number.POSITIVE_INFINITY;
        throw new Error(`event stream answered ${response.status}`);
      }
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        watchdog();
        buffer += value;
        let end: number;
        while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
          const lines = block.split(/\r?\n/);
          // An empty id resets it (the server sends one when there is nothing to catch up from).
          const id = lines.find((line) => line.startsWith('id:'));
          if (id !== undefined) lastEventId = id.slice(3).trimStart();
          const data = lines
            .filter((line) => line.startsWith('data:'))
            .map((line) => line.slice(5).trimStart())
            .join('\n');
          if (!data) continue;
          const event = JSON.parse(data) as MeetingEvent;
          if (event.kind === 'ready') {
            failures = 0;
            onMode('live');
          }
          onEvent(event);
        }
      }
      // The server ended the stream (token expiry, restart): reconnect at once.
    } catch {
      failures += 1;
    } finally {
      window.clearTimeout(stall);
    }
    if (stopped) return;
    if (failures === Number.POSITIVE_INFINITY) {
      onMode('polling');
      return;
    }
    if (failures > 0) onMode('polling');
    const delay = failures === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (failures - 1));
    retryTimer = window.setTimeout(() => void connect(), delay);
  };

  onMode('connecting');
  void connect();
  return () => {
    stopped = true;
    window.clearTimeout(retryTimer);
    controller?.abort();
  };
}

export interface MeetingLive {
  mode: LiveMode;
  /** Changes with every event that may change the meeting as a whole (attendance, agenda outcomes, a reconnect). */
  anyTick: number;
  /** Changes with every event that may change the recommendation's tally (votes, proposals, attendance). */
  tallyTick: (recommendationId: string) => number;
  /** Changes with every event that may change the recommendation itself (proposal, override, sign-off). */
  planTick: (recommendationId: string) => number;
}

/** The meeting's live state for React: counters that components put in their reload deps. */
export function useMeetingLive(meetingId: string): MeetingLive {
  const [mode, setMode] = useState<LiveMode>('connecting');
  const [ticks, setTicks] = useState<{ all: number; tally: Record<string, number>; plan: Record<string, number> }>({
    all: 0,
    tally: {},
    plan: {},
  });

  useEffect(
    () =>
      followMeeting(
        meetingId,
        (event) => {
          setTicks((previous) => {
            const id = event.recommendationId ?? '';
            switch (event.kind) {
              case 'ready':
              case 'reset':
              case 'attendance':
              case 'agenda':
                // Anything may have changed while the stream was not open; attendance moves quorum; an outcome changes the agenda.
                return { ...previous, all: previous.all + 1 };
              case 'tally':
                return { ...previous, tally: { ...previous.tally, [id]: (previous.tally[id] ?? 0) + 1 } };
              case 'proposal':
                return {
                  ...previous,
                  tally: { ...previous.tally, [id]: (previous.tally[id] ?? 0) + 1 },
                  plan: { ...previous.plan, [id]: (previous.plan[id] ?? 0) + 1 },
                };
              case 'override':
              case 'sign-off':
                return { ...previous, plan: { ...previous.plan, [id]: (previous.plan[id] ?? 0) + 1 } };
            }
          });
        },
        setMode,
      ),
    [meetingId],
  );

  const tallyTick = useCallback((id: string) => ticks.all + (ticks.tally[id] ?? 0), [ticks]);
  const planTick = useCallback((id: string) => ticks.all + (ticks.plan[id] ?? 0), [ticks]);
  return { mode, anyTick: ticks.all, tallyTick, planTick };
}
