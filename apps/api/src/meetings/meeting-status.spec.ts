import type { MeetingStatus } from '@prisma/client';
import { canMoveMeeting } from './meeting-status';

describe(canMoveMeeting.name, () => {
  it.each<[MeetingStatus, MeetingStatus, boolean]>([
    ['PLANNED', 'IN_PROGRESS', true],
    ['PLANNED', 'CANCELLED', true],
    ['PLANNED', 'CLOSED', false],
    ['IN_PROGRESS', 'CLOSED', true],
    ['IN_PROGRESS', 'PLANNED', false],
    ['IN_PROGRESS', 'CANCELLED', false],
    ['CLOSED', 'IN_PROGRESS', false],
    ['CANCELLED', 'PLANNED', false],
  ])('%s -> %s: %s', (from, to, allowed) => {
    expect(canMoveMeeting(from, to)).toBe(allowed);
  });
});
