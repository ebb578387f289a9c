import { useState, type ReactNode } from 'react';
import { currentBoardId, upcomingMeeting } from '../../meetings/api/boards';
import { ErrorMessage } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { Me } from '../../../types';
import { AgendaBuilder } from '../../meetings/components/AgendaBuilder';
import { CasesList } from '../../cases/components/CasesList';

export function CoordinatorHome({ me }: { me: Me }): ReactNode {
  const board = useLoad(() => currentBoardId(me), [me.id]);
  const boardId = board.data;
  const meeting = useLoad(async () => (boardId ? upcomingMeeting(boardId) : null), [boardId]);
  // Marking a case ready changes what the agenda may take, and the agenda changes case statuses.
  const [caseChanges, setCaseChanges] = useState(0);
  const [agendaChanges, setAgendaChanges] = useState(0);

  return (
    <>
      <h1>Coordinator</h1>
      <ErrorMessage error={board.error ?? meeting.error} />
      <div className="columns">
        <section aria-labelledby="cases-heading">
          <h2 id="cases-heading">Cases</h2>
          <p>
            <a href="#/cases/new" className="button-link">
              New case
            </a>
          </p>
          {boardId ? (
            <CasesList
              boardId={boardId}
              isCoordinator
              reloadKey={agendaChanges}
              onChanged={() => setCaseChanges((value) => value + 1)}
            />
          ) : board.loading ? (
            <p>Loading cases…</p>
          ) : (
            <p>No board.</p>
          )}
        </section>
        <section aria-labelledby="agenda-heading">
          <h2 id="agenda-heading">Agenda of the upcoming meeting</h2>
          <p>
            <a href="#/meetings">All meetings: schedule, edit, past meetings</a>
          </p>
          {meeting.data ? (
            <AgendaBuilder
              meetingId={meeting.data.id}
              casesKey={caseChanges}
              onChanged={() => setAgendaChanges((value) => value + 1)}
            />
          ) : meeting.loading ? (
            <p>Loading meeting…</p>
          ) : (
            <p>No upcoming meeting.</p>
          )}
        </section>
      </div>
    </>
  );
}
