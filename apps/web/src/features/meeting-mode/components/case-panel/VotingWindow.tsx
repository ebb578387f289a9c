import { useState, type FormEvent, type ReactNode } from 'react';
import { api, messageOf } from '../../../../api';
import { ErrorMessage, formatDateTime } from '../../../../components';
import type { Meeting } from '../../../../types';
import { type LiveMode } from '../../hooks/live';

/**
 * Votes and sign-off are taken while the meeting is in progress (from 15 minutes before its
 * start until it is closed) or in a voting window the chair opens; the chair may open one here.
 */
export function VotingWindow({
  meeting,
  isChair,
  onOpened,
}: {
  meeting: Meeting;
  isChair: boolean;
  onOpened: () => void;
}): ReactNode {
  const [closesAt, setClosesAt] = useState('');
  const [error, setError] = useState<string | null>(null);
  const open = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setError(null);
    try {
      // datetime-local is local time without a zone: send the instant.
      await api('POST', '/meetings/{id}/voting-window', {
        path: { id: meeting.id },
        body: { closesAt: new Date(closesAt).toISOString() },
      });
      onOpened();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };
  const closed = meeting.status === 'CLOSED' || meeting.status === 'CANCELLED';
  return (
    <div data-testid="voting-window">
      <p role="status">
        {meeting.votingOpen
          ? `Voting is open${meeting.votingOpenUntil ? ` until ${formatDateTime(meeting.votingOpenUntil)} (voting window)` : ' while the meeting is in progress'}.`
          : 'Voting is closed: it opens 15 minutes before the meeting starts, or in a voting window the chair opens.'}
      </p>
      {isChair && !closed && !meeting.votingOpen ? (
        <form className="inline-form" onSubmit={(event) => void open(event)}>
          <label htmlFor="voting-window-closes">Voting window closes</label>
          <input
            id="voting-window-closes"
            type="datetime-local"
            required
            value={closesAt}
            onChange={(event) => setClosesAt(event.target.value)}
          />
          <button type="submit" className="secondary">
            Open a voting window
          </button>
          <ErrorMessage error={error} />
        </form>
      ) : null}
    </div>
  );
}

/** Whether the screen follows the meeting live (text and icon, never colour alone). */
export function LiveBadge({ mode }: { mode: LiveMode }): ReactNode {
  const text = {
    connecting: ['…', 'Connecting to live updates'],
    live: ['●', 'Live'],
    polling: ['↻', 'Live updates unavailable: refreshing every second'],
  }[mode];
  return (
    <span className={`badge live-${mode}`} data-testid="live-state" role="status">
      <span aria-hidden="true">{text[0]} </span>
      {text[1]}
    </span>
  );
}
