import { useState, type ReactNode } from 'react';
import { api, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { Attendee, BoardMember, Me } from '../../../types';
import { QuorumPanel } from './attendance/QuorumPanel';

const time = (iso: string): string => new Date(iso).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });

/**
 * Check-in for one meeting: the coordinator checks members of the board in and out (a clinician
 * only themselves, as the API allows); the quorum panel lists each required specialty as present
 * or missing, in words and icons.
 */
export function AttendancePage({ meetingId, me }: { meetingId: string; me: Me }): ReactNode {
  const meeting = useLoad(() => api('GET', '/meetings/{id}', { path: { id: meetingId } }), [meetingId]);
  const boardId = meeting.data?.boardId ?? null;
  const members = useLoad(
    async () => (boardId ? api('GET', '/boards/{id}/members', { path: { id: boardId } }) : []),
    [boardId],
  );
  const attendance = useLoad(() => api('GET', '/meetings/{id}/attendance', { path: { id: meetingId } }), [meetingId]);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const isCoordinator = me.roles.includes('COORDINATOR');

  const change = async (member: BoardMember, checkIn: boolean): Promise<void> => {
    setBusy(member.userId);
    setError(null);
    try {
      const after = checkIn
        ? await api('POST', '/meetings/{id}/attendance', { path: { id: meetingId }, body: { userId: member.userId } })
        : await api('DELETE', '/meetings/{id}/attendance/{userId}', { path: { id: meetingId, userId: member.userId } });
      setStatus(
        `${member.displayName} checked ${checkIn ? 'in' : 'out'}. ${after.quorum.quorate ? 'The meeting is quorate.' : `Missing: ${after.quorum.missingSpecialties.map(humanize).join(', ')}.`}`,
      );
      attendance.reload();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(null);
    }
  };

  if (meeting.error) return <ErrorMessage error={meeting.error} />;
  if (!meeting.data || !attendance.data) return <p>Loading attendance…</p>;
  const byUser = new Map<string, Attendee>(attendance.data.attendees.map((attendee) => [attendee.userId, attendee]));
  const { quorum } = attendance.data;
  const people = (members.data ?? []).filter(
    (member) => member.roles.includes('CLINICIAN') || member.roles.includes('COORDINATOR'),
  );

  return (
    <>
      <h1>Attendance: {meeting.data.title}</h1>
      <p>
        {formatDateTime(meeting.data.startsAt)} ({humanize(meeting.data.status)}).{' '}
        <a href={`#/meeting/${meetingId}`}>Open meeting mode</a>
      </p>
      <ErrorMessage error={error ?? members.error ?? attendance.error} />
      <QuorumPanel quorum={quorum} />
      <section aria-labelledby="people-heading">
        <h2 id="people-heading">Members of the board</h2>
        <p className="visually-hidden" role="status">
          {status}
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Specialty</th>
              <th scope="col">Status</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {people.map((member) => {
              const attendee = byUser.get(member.userId);
              const present = attendee !== undefined && attendee.leftAt === null;
              const mayChange = isCoordinator || member.userId === me.id;
              return (
                <tr key={member.userId} data-testid="attendee-row">
                  <td>{member.displayName}</td>
                  <td>{member.specialty ? humanize(member.specialty) : '—'}</td>
                  <td data-testid="attendee-status">
                    {present ? (
                      <span className="badge badge-ok">
                        <span aria-hidden="true">✓ </span>Checked in {time(attendee.checkedInAt)}
                      </span>
                    ) : attendee?.leftAt ? (
                      <span className="badge">Left {time(attendee.leftAt)}</span>
                    ) : (
                      <span className="badge">Not checked in</span>
                    )}
                  </td>
                  <td>
                    {mayChange ? (
                      present ? (
                        <button
                          type="button"
                          className="secondary"
                          disabled={busy !== null}
                          onClick={() => void change(member, false)}
                          aria-label={`Check out ${member.displayName}`}
                        >
                          Check out
                        </button>
                      ) : (
                        <button
                          type="button"
                          disabled={busy !== null}
                          onClick={() => void change(member, true)}
                          aria-label={`Check in ${member.displayName}`}
                        >
                          Check in
                        </button>
                      )
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </>
  );
}
