import { type ReactNode } from 'react';
import { formatDateTime } from '../../../components';
import type { AgendaEntry, Me, Meeting } from '../../../types';
import { outcomeLabel } from '../outcomes';
import { Notes } from './discussion/Notes';
import { OutcomeForm } from './discussion/OutcomeForm';

/**
 * The discussion of one case: the board's notes (any clinician or the coordinator writes them
 * while the meeting is open), and, when the board does not decide, the outcome the coordinator
 * or the chair records: deferred (what is missing, to which meeting), more information, referred.
 */
export function Discussion({
  entry,
  meeting,
  me,
  decided,
  onChanged,
}: {
  entry: AgendaEntry;
  meeting: Meeting;
  me: Me;
  decided: boolean;
  onChanged: () => void;
}): ReactNode {
  const open = meeting.status === 'PLANNED' || meeting.status === 'IN_PROGRESS';
  const mayRecord =
    open && !decided && !entry.item.outcome && (me.roles.includes('COORDINATOR') || meeting.chairId === me.id);
  return (
    <section aria-labelledby="discussion-heading" className="discussion">
      <h3 id="discussion-heading">Discussion and outcome</h3>
      <Notes
        entry={entry}
        meeting={meeting}
        editable={open && (me.roles.includes('COORDINATOR') || me.roles.includes('CLINICIAN'))}
        onSaved={onChanged}
      />
      {entry.item.outcome ? (
        <p className="badge-line" data-testid="agenda-outcome">
          <span className="badge badge-warn">
            <span aria-hidden="true">↷ </span>
            {outcomeLabel(entry.item.outcome)}
          </span>{' '}
          {entry.item.outcomeDetail}
          {entry.item.outcomeRecordedAt ? (
            <span className="muted"> (recorded {formatDateTime(entry.item.outcomeRecordedAt)})</span>
          ) : null}
          {entry.item.deferredToMeetingId ? (
            <>
              {' '}
              <a href={`#/meetings/${entry.item.deferredToMeetingId}`}>The later meeting</a>
            </>
          ) : null}
        </p>
      ) : decided ? (
        <p className="muted">The board decided this case: the signed-off plan is the outcome.</p>
      ) : mayRecord ? (
        <OutcomeForm entry={entry} meeting={meeting} onRecorded={onChanged} />
      ) : (
        <p className="muted">No outcome recorded yet.</p>
      )}
    </section>
  );
}
