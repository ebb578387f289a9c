import { HttpException, HttpStatus } from '@nestjs/common';

/** The ETag of a meeting version: any change to the meeting, its agenda or attendance bumps it. */
export function meetingEtag(version: number): string {
  return `"m${version}"`;
}

/** If-Match is required on meeting edits: 428 without, 412 when unparseable or stale. */
export function expectedMeetingVersion(ifMatch: string | undefined): number {
  if (!ifMatch) throw new HttpException({ message: 'If-Match is required: send the ETag of the meeting version you edited' }, HttpStatus.PRECONDITION_REQUIRED);
  const match = /^(?:W\/)?"m(\d+)"$/.exec(ifMatch.trim());
  if (!match) throw new HttpException({ message: 'If-Match does not name a version of this meeting' }, HttpStatus.PRECONDITION_FAILED);
  return Number(match[1]);
}

export function staleMeeting(current: number): HttpException {
  return new HttpException(
    { message: `the meeting was changed by someone else (now ${meetingEtag(current)}); reload it and apply your edit again`, currentEtag: meetingEtag(current) },
    HttpStatus.PRECONDITION_FAILED,
  );
}
