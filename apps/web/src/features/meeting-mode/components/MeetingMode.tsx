import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { AgendaEntry, Me } from '../../../types';
import { outcomeLabel } from '../outcomes';
import { useMeetingLive } from '../hooks/live';
import { PresentationView } from './PresentationView';
import { MeetingPlace } from '../../meetings/components/MeetingPlace';
import './meeting.css';
import { CasePanel } from './case-panel/CasePanel';
import { VotingWindow, LiveBadge } from './case-panel/VotingWindow';

/** Where a case stands on the agenda, as a short mark for the agenda strip (text, not colour). */
function stateOf(entry: AgendaEntry): string | null {
  if (entry.item.outcome) return outcomeLabel(entry.item.outcome).split(' ')[0] ?? null;
  if (entry.draftPlan?.status === 'SIGNED_OFF' || entry.case.status === 'DECIDED') return 'Decided';
  return null;
}

/**
 * The meeting as the board runs it, one case at a time in the order of a real discussion: the
 * presentation, the draft plan, its timeline, the proposal, the votes, the sign-off and the
 * discussion's outcome. `presenting` shows the presentation view for the projector instead.
 */
export function MeetingMode({
  meetingId,
  me,
  presenting = false,
}: {
  meetingId: string;
  me: Me;
  presenting?: boolean;
}): ReactNode {
  const live = useMeetingLive(meetingId);
  const [changes, setChanges] = useState(0);
  const agenda = useLoad(
    () => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }),
    [meetingId, live.anyTick, changes],
  );
  const attendance = useLoad(
    () => api('GET', '/meetings/{id}/attendance', { path: { id: meetingId } }),
    [meetingId, live.anyTick],
  );
  const [selected, setSelected] = useState(0);
  const [following, setFollowing] = useState(false);
  const presentedIndex = agenda.data
    ? agenda.data.items.findIndex((row) => row.item.id === agenda.data?.meeting.presentedItemId)
    : -1;
  // Following the presentation: the case the projector shows, as it changes.
  useEffect(() => {
    if (following && presentedIndex >= 0) setSelected(presentedIndex);
  }, [following, presentedIndex]);

  if (!agenda.data) return agenda.error ? <ErrorMessage error={agenda.error} /> : <p>Loading the meeting…</p>;
  const { meeting, items } = agenda.data;
  if (presenting) return <PresentationView meeting={meeting} items={items} drives={me.roles.includes('COORDINATOR')} />;
  const entry = items[selected] ?? items[0];
  const checkedIn = (attendance.data?.attendees ?? []).some(
    (attendee) => attendee.userId === me.id && attendee.leftAt === null,
  );
  return (
    <>
      <h1 className="meeting-title">
        {meeting.title} <span className="muted">{formatDateTime(meeting.startsAt)}</span>
      </h1>
      <p className="meeting-line">
        {humanize(meeting.status)}
        {meeting.chairName ? `, chaired by ${meeting.chairName}` : ''}. {items.length} cases.{' '}
        <MeetingPlace meeting={meeting} /> <LiveBadge mode={live.mode} />
        {' · '}
        <a href={`#/meeting/${meeting.id}/present`}>Presentation view</a> ·{' '}
        <a href={`#/meetings/${meeting.id}/attendance`}>Attendance{checkedIn ? ' (you are checked in)' : ''}</a>
      </p>
      <div className="meeting-line meeting-controls">
        <p className="follow">
          <label className="choice">
            <input type="checkbox" checked={following} onChange={(event) => setFollowing(event.target.checked)} />{' '}
            Follow the presentation
          </label>{' '}
          <span className="muted" data-testid="presented-case">
            {presentedIndex >= 0
              ? `(on the screen: ${items[presentedIndex]?.case.reference ?? ''})`
              : '(the presentation view has not started)'}
          </span>
        </p>
        {attendance.data ? (
          <p data-testid="meeting-quorum">
            {attendance.data.quorum.quorate
              ? '✓ Quorate'
              : `✖ Not quorate: ${attendance.data.quorum.missingSpecialties.map(humanize).join(', ')} missing`}
          </p>
        ) : null}
        <VotingWindow meeting={meeting} isChair={meeting.chairId === me.id} onOpened={agenda.reload} />
      </div>
      <div className="meeting">
        <nav aria-label="Agenda cases" className="meeting-agenda">
          <ol>
            {items.map((row, index) => {
              const state = stateOf(row);
              return (
                <li key={row.item.id}>
                  <button
                    type="button"
                    className={index === selected ? 'case-tab current' : 'case-tab'}
                    aria-current={index === selected ? 'true' : undefined}
                    onClick={() => {
                      setSelected(index);
                      // Choosing a case yourself stops following the projector.
                      if (index !== presentedIndex) setFollowing(false);
                    }}
                  >
                    {index + 1}. <span className="reference">{row.case.reference}</span>{' '}
                    <span className="muted">({row.item.minutesAllotted} min)</span>
                    {state ? <span className="tab-state"> · {state}</span> : null}
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>
        {entry ? (
          <CasePanel
            key={entry.item.id}
            entry={entry}
            me={me}
            meeting={meeting}
            checkedIn={checkedIn}
            live={live}
            onAgendaChanged={() => setChanges((value) => value + 1)}
          />
        ) : (
          <p>The agenda is empty.</p>
        )}
      </div>
    </>
  );
}
