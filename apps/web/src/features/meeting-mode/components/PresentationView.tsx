import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime } from '../../../components';
import type { AgendaEntry, Meeting } from '../../../types';
import { CasePresentation, presentedOf } from './CasePresentation';
import { PlanMarkdown } from './PlanMarkdown';

/**
 * The projector's view: one case per screen in large type, the presentation and the draft plan.
 * The coordinator moves with the arrow keys (or Page Up / Page Down, as a presentation clicker
 * sends) or the buttons; clinicians follow in meeting mode on their own devices.
 */
export function PresentationView({
  meeting,
  items,
  drives,
}: {
  meeting: Meeting;
  items: AgendaEntry[];
  /** The coordinator: the case shown is announced to those who follow. */ drives: boolean;
}): ReactNode {
  const [index, setIndex] = useState(() =>
    Math.max(
      0,
      items.findIndex((entry) => entry.item.id === meeting.presentedItemId),
    ),
  );
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const last = items.length - 1;
  const go = (to: number): void => setIndex(Math.max(0, Math.min(last, to)));

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const target = event.target as HTMLElement | null;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
      if (event.key === 'ArrowRight' || event.key === 'PageDown' || event.key === ' ') {
        event.preventDefault();
        setIndex((value) => Math.min(last, value + 1));
      } else if (event.key === 'ArrowLeft' || event.key === 'PageUp') {
        event.preventDefault();
        setIndex((value) => Math.max(0, value - 1));
      } else if (event.key === 'Home') {
        setIndex(0);
      } else if (event.key === 'End') {
        setIndex(last);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [last]);

  useEffect(() => heading.current?.focus(), [index]);

  const entry = items[index];
  const itemId = entry?.item.id ?? null;
  useEffect(() => {
    if (!drives || itemId === null) return;
    api('PUT', '/meetings/{id}/presenting', { path: { id: meeting.id }, body: { itemId } }).then(
      () => setError(null),
      (caught: unknown) => setError(messageOf(caught)),
    );
  }, [drives, meeting.id, itemId]);

  return (
    <div className="presentation-view" data-testid="presentation-view">
      <p className="presentation-bar">
        <a href={`#/meeting/${meeting.id}`}>Back to meeting mode</a>
        <span>
          {meeting.title}, {formatDateTime(meeting.startsAt)}
        </span>
        <span data-testid="presentation-position" aria-live="polite">
          Case {Math.min(index + 1, items.length)} of {items.length}
        </span>
      </p>
      <ErrorMessage error={error} />
      {entry ? (
        <article aria-labelledby="presented-heading">
          <h1 id="presented-heading" tabIndex={-1} ref={heading} data-testid="presented-heading">
            <span className="reference">{entry.case.reference}</span>: {entry.patient.name}
          </h1>
          <CasePresentation presented={presentedOf(entry)} large headingLevel={2} />
          <section aria-labelledby="presented-plan-heading">
            <h2 id="presented-plan-heading">Draft plan</h2>
            {entry.draftPlan?.summary ? (
              <PlanMarkdown markdown={entry.draftPlan.summary} headingLevel={3} />
            ) : (
              <p>No draft plan yet.</p>
            )}
          </section>
        </article>
      ) : (
        <h1>The agenda is empty.</h1>
      )}
      <p className="presentation-nav">
        <button type="button" className="secondary" disabled={index <= 0} onClick={() => go(index - 1)}>
          ← Previous case
        </button>
        <span className="muted">Arrow keys or Page Up / Page Down move between cases.</span>
        <button type="button" disabled={index >= last} onClick={() => go(index + 1)}>
          Next case →
        </button>
      </p>
    </div>
  );
}
