import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { ErrorMessage, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { BoardMember, Me, Meeting } from '../../../types';

/** Who may edit the proposal of a meeting, in words: the chair, and the delegate the chair named. */
export function proposalEditorsText(meeting: Pick<Meeting, 'chairName' | 'delegateName'>): string {
  if (!meeting.chairName) return 'No chair yet: any clinician of the board edits the proposal.';
  return meeting.delegateName
    ? `The proposal is edited by the chair, ${meeting.chairName}, and the chair's delegate, ${meeting.delegateName}.`
    : `The proposal is edited by the chair, ${meeting.chairName} (no delegate named).`;
}

/** Whether this user edits the proposals of the meeting (the chair, the chair's delegate, or anyone of the board when there is no chair). */
export function editsProposal(meeting: Pick<Meeting, 'chairId' | 'delegateId'>, me: Me): boolean {
  return (
    me.roles.includes('CLINICIAN') &&
    (meeting.chairId === null || meeting.chairId === me.id || meeting.delegateId === me.id)
  );
}

/**
 * The chair (or the coordinator) names a clinician of the board who edits the proposal in the
 * chair's place; sign-off stays with the chair. Sent with the meeting's ETag.
 */
export function DelegatePicker({
  meeting,
  etag,
  onSaved,
}: {
  meeting: Meeting;
  etag: string | null;
  onSaved: () => void;
}): ReactNode {
  const members = useLoad(
    () => api('GET', '/boards/{id}/members', { path: { id: meeting.boardId } }),
    [meeting.boardId],
  );
  const clinicians = (members.data ?? []).filter(
    (member: BoardMember) => member.roles.includes('CLINICIAN') && member.userId !== meeting.chairId,
  );
  const [userId, setUserId] = useState(meeting.delegateId ?? '');
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    setNotice('');
    try {
      const saved = await api('PUT', '/meetings/{id}/delegate', {
        path: { id: meeting.id },
        body: { userId: userId || null },
        headers: etag ? { 'if-match': etag } : {},
      });
      setNotice(
        saved.delegateName
          ? `${saved.delegateName} may now edit the proposal.`
          : 'No delegate: only the chair edits the proposal.',
      );
      onSaved();
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.status === 412
          ? 'Not saved: someone changed this meeting first. Reload the page and choose again.'
          : messageOf(caught),
      );
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="inline-form delegate-form"
      aria-label="The chair's delegate"
      onSubmit={(event) => void save(event)}
    >
      <label htmlFor="delegate-user">Chair&apos;s delegate (edits the proposal)</label>
      <select id="delegate-user" value={userId} onChange={(event) => setUserId(event.target.value)}>
        <option value="">No delegate</option>
        {clinicians.map((member) => (
          <option key={member.userId} value={member.userId}>
            {member.displayName}
            {member.specialty ? ` (${humanize(member.specialty)})` : ''}
          </option>
        ))}
      </select>
      <button type="submit" className="secondary" disabled={busy || userId === (meeting.delegateId ?? '')}>
        Save the delegate
      </button>
      <ErrorMessage error={error} />
      <span role="status">{notice}</span>
    </form>
  );
}
