import { useEffect, useState } from 'react';
import { api, messageOf } from '../../../api';
import type { Tally } from '../../../types';
import type { LiveMode } from './live';

/** Only when the event stream is down: polling every second keeps the tally under 2 s old. */
export const TALLY_POLL_MS = 1000;

/** The tally of the current round; fetched again on each event of the meeting's stream, polled only while it is down. */
export function useTally(
  recommendationId: string | null,
  tick: number,
  mode: LiveMode,
): { tally: Tally | null; error: string | null; set: (tally: Tally) => void } {
  const [tally, setTally] = useState<Tally | null>(null);
  const [error, setError] = useState<string | null>(null);
  const polling = mode === 'polling';
  useEffect(() => {
    if (!recommendationId) return;
    let current = true;
    const load = (): void => {
      api('GET', '/recommendations/{id}/votes', { path: { id: recommendationId } }).then(
        (next) => {
          if (!current) return;
          setTally(next);
          setError(null);
        },
        (caught: unknown) => current && setError(messageOf(caught)),
      );
    };
    load();
    const timer = polling ? window.setInterval(load, TALLY_POLL_MS) : undefined;
    return () => {
      current = false;
      window.clearInterval(timer);
    };
  }, [recommendationId, tick, polling]);
  return { tally, error, set: setTally };
}
