import type { Content } from 'pdfmake/interfaces';
import { renderPdf, STYLES } from '../documents/pdf-renderer';
import type { EventLink, Provenance } from './provenance';

/** Flattens the facts snapshot to "path: value" lines, whatever its shape (the pathway owns it). */
export function factLines(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object')
    return [`${prefix || 'value'}: ${value === null || value === undefined ? '—' : String(value)}`];
  if (Array.isArray(value) && value.every((item) => item === null || typeof item !== 'object'))
    return [`${prefix}: ${value.length === 0 ? '(none)' : value.join(', ')}`];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [String(index), item] as const)
    : Object.entries(value);
  if (entries.length === 0) return [`${prefix}: (none)`];
  return entries.flatMap(([key, item]) => factLines(item, prefix ? `${prefix}.${key}` : key));
}

const link = (at: Partial<EventLink>): string =>
  at.eventId
    ? `audit event ${at.eventId}${at.leafIndex ? `, leaf ${at.leafIndex}` : ', not sealed yet'}`
    : 'no audit event';
const json = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
const specialty = (value: string | null): string => (value ? ` (${value.toLowerCase().replace(/_/g, ' ')})` : '');

const section = (text: string): Content => ({ text, style: 'section' });
/** The audit event line under an entry, in small grey type. */
const eventLine = (at: Partial<EventLink>): Content => ({ text: link(at), style: 'small', margin: [0, 0, 0, 2] });
/** One entry, followed by its audit event when it has one. */
const item = (text: string, at?: Partial<EventLink>): Content[] =>
  at ? [{ text }, eventLine(at)] : [{ text, margin: [0, 0, 0, 2] }];

/**
 * The provenance as a PDF (pdfmake, the documents' renderer and styles): the same sections as the
 * JSON, each line followed by its audit event id and leaf index, so a reader can ask for the
 * inclusion proof of any line (GET /audit/events/{id}/proof) and check it offline.
 */
export function renderProvenancePdf(provenance: Provenance): Promise<Buffer> {
  const { recommendation: rec, signOff, implementation } = provenance;
  return renderPdf({
    info: {
      title: `Decision provenance ${provenance.case.reference} v${rec.draftVersion}`,
      author: 'Consilium',
    },
    styles: STYLES,
    content: [
      { text: 'Decision provenance', style: 'title' },
      {
        text: `Case ${provenance.case.reference}, patient ${provenance.case.patientName} (MRN ${provenance.case.mrn})`,
      },
      {
        text: `Recommendation v${rec.draftVersion} (${rec.status}), pathway ${rec.pathwayId} ${rec.pathwayVersion}, primary branch ${rec.primaryBranch}`,
      },
      provenance.meeting
        ? {
            text: `Meeting "${provenance.meeting.title}" on ${provenance.meeting.startsAt.slice(0, 16).replace('T', ' ')} UTC`,
          }
        : [],
      { text: `Generated ${provenance.generatedAt}` },

      section('Facts snapshot the draft was computed from'),
      factLines(provenance.factsSnapshot).map((fact): Content => ({ text: fact, fontSize: 9 })),

      section('Draft versions'),
      provenance.drafts.map((draft) =>
        item(
          `v${draft.draftVersion} ${draft.status.toLowerCase()}, drafted ${draft.createdAt}, branch ${draft.primaryBranch}${draft.current ? ' (this recommendation)' : ''}`,
          draft,
        ),
      ),

      section('Proposal edits'),
      provenance.proposals.length === 0 ? item('No edits.') : [],
      provenance.proposals.map((proposal): Content[] => [
        {
          text: `${proposal.at} by ${proposal.actorName ?? 'unknown'}${proposal.round ? `, opening round ${proposal.round}` : ''}:`,
        },
        proposal.changes.map((change): Content => ({
          text: `${change.path} ${change.change}: ${json(change.old)} -> ${json(change.new)}`,
          fontSize: 9,
          margin: [10, 0, 0, 0],
        })),
        eventLine(proposal),
      ]),

      section('Overrides'),
      provenance.overrides.length === 0 ? item('No overrides.') : [],
      provenance.overrides.map((override) =>
        item(
          `${override.at}: ${override.actorName ?? 'unknown'} overrode ${override.code}, reason: ${override.reason}`,
          override,
        ),
      ),

      section('Votes'),
      provenance.rounds.length === 0 ? item('No votes.') : [],
      provenance.rounds.map((round): Content[] => [
        { text: `Round ${round.round}`, bold: true },
        round.votes.map((vote) =>
          item(
            `${vote.voterName}${specialty(vote.specialty)}: ${vote.choice}${vote.comment ? `, "${vote.comment}"` : ''} at ${vote.at}`,
            vote,
          ),
        ),
      ]),

      section('Sign-off'),
      signOff
        ? [
            item(
              `Signed off by ${signOff.signerName ?? 'unknown'} at ${signOff.at}${signOff.round ? ` in round ${signOff.round}` : ''}`,
              signOff,
            ),
            item(
              signOff.followsPathway === false
                ? `Deviates from the pathway: ${signOff.deviationReason ?? '—'}${signOff.deviationText ? ` (${signOff.deviationText})` : ''}`
                : 'Follows the pathway.',
            ),
            item(
              `Quorum at sign-off: ${signOff.quorum.quorate ? 'quorate' : `NOT quorate, missing ${signOff.quorum.missing.join(', ')}`} (required: ${signOff.quorum.required.join(', ') || 'none'})`,
            ),
            item(
              `Present at sign-off: ${signOff.attendance.map((attendee) => `${attendee.name}${specialty(attendee.specialty)}`).join('; ') || 'nobody recorded'}`,
            ),
          ]
        : item('Not signed off.'),

      section('Implementation and treatment'),
      implementation
        ? item(
            `Implementation ${implementation.status}${implementation.reason ? ` (${implementation.reason})` : ''}${implementation.text ? `: ${implementation.text}` : ''}, recorded by ${implementation.actorName ?? 'unknown'}`,
            implementation,
          )
        : item('Implementation not recorded yet.'),
      provenance.treatmentEvents.map((treatment): Content[] => [
        ...item(
          `${treatment.kind} ${treatment.status} from ${treatment.startDate}${treatment.endDate ? ` to ${treatment.endDate}` : ''}${treatment.regimens.length ? `, ${treatment.regimens.join(', ')}` : ''}`,
        ),
        treatment.events.map((event): Content => ({ text: link(event), style: 'small' })),
      ]),

      section('The audit trail, in order'),
      provenance.lines.map((line) => item(`${line.at}  ${line.actorName ?? 'unknown'}: ${line.summary}`, line)),
    ],
  });
}
