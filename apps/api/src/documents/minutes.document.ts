import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import { STYLES, table } from './pdf-renderer';

export interface MinutesInput {
  board: string;
  meeting: { title: string; startsAt: string; location: string | null; chair: string | null; status: string };
  attendees: readonly { name: string; specialty: string | null; checkedInAt: string; leftAt: string | null }[];
  quorum: { required: readonly string[]; missing: readonly string[]; quorate: boolean };
  cases: readonly {
    position: number;
    reference: string;
    patient: string;
    outcome: 'decided' | 'deferred' | 'open';
    summary: string;
  }[];
}

/** The minutes of one meeting (issue 15): attendance, each case's outcome, deferred cases and why. */
export function minutesDocument(input: MinutesInput): TDocumentDefinitions {
  const deferred = input.cases.filter((item) => item.outcome === 'deferred');
  return {
    info: {
      title: `Minutes: ${input.meeting.title}`,
      author: input.board,
      creationDate: new Date(input.meeting.startsAt),
    },
    styles: STYLES,
    footer: (page: number, pages: number) => ({
      text: `${input.meeting.title} · ${input.meeting.startsAt.slice(0, 10)} · page ${page} of ${pages}`,
      style: 'small',
      alignment: 'center',
    }),
    content: [
      { text: `Minutes: ${input.meeting.title}`, style: 'title' },
      {
        text: `${input.board} · ${input.meeting.startsAt.replace('T', ' ').slice(0, 16)} UTC · ${input.meeting.location ?? 'no location'} · chair ${input.meeting.chair ?? '-'} · ${input.meeting.status}`,
        style: 'subtitle',
      },
      { text: 'Attendance', style: 'section' },
      input.attendees.length === 0
        ? { text: 'Nobody checked in.' }
        : table(
            ['Attendee', 'Specialty', 'Checked in', 'Left'],
            input.attendees.map((attendee) => [
              attendee.name,
              attendee.specialty ?? '-',
              attendee.checkedInAt.replace('T', ' ').slice(0, 16),
              attendee.leftAt ? attendee.leftAt.replace('T', ' ').slice(0, 16) : '-',
            ]),
          ),
      {
        text: input.quorum.quorate
          ? `Quorate: every required specialty present (${input.quorum.required.join(', ')}).`
          : `Not quorate: missing ${input.quorum.missing.join(', ')}.`,
      },
      { text: 'Cases', style: 'section' },
      input.cases.length === 0
        ? { text: 'No cases on the agenda.' }
        : table(
            ['#', 'Case', 'Patient', 'Outcome'],
            input.cases.map((item) => [
              String(item.position),
              item.reference,
              item.patient,
              `${item.outcome}: ${item.summary}`,
            ]),
            [20, 90, 110, '*'],
          ),
      { text: 'Deferred cases', style: 'section' },
      deferred.length === 0 ? { text: 'None.' } : { ul: deferred.map((item) => `${item.reference}: ${item.summary}`) },
    ],
  };
}
