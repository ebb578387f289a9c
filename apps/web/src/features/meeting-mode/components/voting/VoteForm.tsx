import { useState, type FormEvent, type ReactNode } from 'react';
import { api, messageOf, type BodyOf } from '../../../../api';
import { ErrorMessage, humanize } from '../../../../components';
import type { Tally } from '../../../../types';

export const CHOICES = ['APPROVE', 'APPROVE_WITH_CHANGES', 'REJECT', 'ABSTAIN'] as const;

export type VoteBody = BodyOf<'POST', '/recommendations/{id}/votes'>;

/** Casts a vote, or with `change` changes the one cast in this round (PUT .../votes/mine). */
export function VoteForm({
  recommendationId,
  onVoted,
  change,
  onCancel,
}: {
  recommendationId: string;
  onVoted: (tally: Tally) => void;
  change?: { choice: VoteBody['choice']; comment: string };
  onCancel?: () => void;
}): ReactNode {
  const [choice, setChoice] = useState<VoteBody['choice'] | ''>(change?.choice ?? '');
  const [comment, setComment] = useState(change?.comment ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!choice) return;
    setError(null);
    setBusy(true);
    try {
      const body: VoteBody = { choice, ...(comment.trim() ? { comment: comment.trim() } : {}) };
      onVoted(
        change
          ? await api('PUT', '/recommendations/{id}/votes/mine', { path: { id: recommendationId }, body })
          : await api('POST', '/recommendations/{id}/votes', { path: { id: recommendationId }, body }),
      );
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="vote-form" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>{change ? 'Change your vote' : 'Your vote'}</legend>
        {CHOICES.map((value) => (
          <label key={value} className="choice">
            <input
              type="radio"
              name="choice"
              value={value}
              checked={choice === value}
              onChange={() => setChoice(value)}
              required
            />{' '}
            {humanize(value)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="vote-comment">
        {choice === 'APPROVE_WITH_CHANGES'
          ? 'The changes you propose (the chair edits the proposal)'
          : 'Comment (optional)'}
      </label>
      <textarea
        id="vote-comment"
        rows={2}
        maxLength={2000}
        value={comment}
        onChange={(event) => setComment(event.target.value)}
      />
      <ErrorMessage error={error} />
      <div className="inline-form">
        <button
          type="submit"
          disabled={!choice || busy || (change && choice === change.choice && comment.trim() === change.comment)}
        >
          {change ? 'Save the changed vote' : 'Cast vote'}
        </button>
        {onCancel ? (
          <button type="button" className="secondary" onClick={onCancel}>
            Keep my vote
          </button>
        ) : null}
      </div>
    </form>
  );
}
