import type { ReactNode } from 'react';
import { formatDateTime, humanize } from '../../../../components';
import type { Meeting } from '../../../../types';

/** The meeting an agenda belongs to, with its links: meeting mode, check-in, video. */
export function AgendaMeetingLine({ meeting }: { meeting: Meeting }): ReactNode {
  return (
    <p>
      <strong>{meeting.title}</strong>, {formatDateTime(meeting.startsAt)}
      {meeting.location ? `, ${meeting.location}` : ''} — {humanize(meeting.status)}.{' '}
      <a href={`#/meeting/${meeting.id}`}>Open meeting mode</a> ·{' '}
      <a href={`#/meetings/${meeting.id}/attendance`}>Attendance check-in</a>
      {meeting.videoLink ? (
        <>
          {' · '}
          <a href={meeting.videoLink} target="_blank" rel="noreferrer">
            Video link
          </a>
        </>
      ) : null}
    </p>
  );
}
