import { type ReactNode } from 'react';
import type { Meeting } from '../../../types';

/** A meeting's place: the room, and the video link as a link. */
export function MeetingPlace({ meeting }: { meeting: Pick<Meeting, 'location' | 'videoLink' | 'title'> }): ReactNode {
  return (
    <>
      {meeting.location ? <span data-testid="meeting-location">Room: {meeting.location}</span> : null}
      {meeting.location && meeting.videoLink ? ' · ' : null}
      {meeting.videoLink ? (
        <a
          href={meeting.videoLink}
          target="_blank"
          rel="noreferrer"
          data-testid="video-link"
          aria-label={`Join by video: ${meeting.title} (opens in a new tab)`}
        >
          Join by video
        </a>
      ) : null}
    </>
  );
}
