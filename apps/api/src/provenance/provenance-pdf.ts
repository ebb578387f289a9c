import PDFDocument from 'pdfkit';
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

/**
 * The provenance as a PDF (pdfkit, its standard Helvetica): the same sections as the JSON, each
 * line followed by its audit event id and leaf index, so a reader can ask for the inclusion proof
 * of any line (GET /audit/events/{id}/proof) and check it offline.
 */
export function renderProvenancePdf(provenance: Provenance): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: {
      Title: `Decision provenance ${provenance.case.reference} v${provenance.recommendation.draftVersion}`,
      Author: 'Consilium',
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const heading = (text: string): void => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(13).text(text).moveDown(0.3).font('Helvetica').fontSize(10);
  };
  const item = (text: string, at?: Partial<EventLink>): void => {
    doc.font('Helvetica').fontSize(10).text(text);
    if (at) doc.font('Helvetica').fontSize(8).fillColor('#555555').text(link(at)).fillColor('#000000');
    doc.moveDown(0.2);
  };
  const { recommendation: rec } = provenance;

  doc.font('Helvetica-Bold').fontSize(18).text('Decision provenance');
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(`Case ${provenance.case.reference}, patient ${provenance.case.patientName} (MRN ${provenance.case.mrn})`);
  doc.text(
    `Recommendation v${rec.draftVersion} (${rec.status}), pathway ${rec.pathwayId} ${rec.pathwayVersion}, primary branch ${rec.primaryBranch}`,
  );
  if (provenance.meeting)
    doc.text(
      `Meeting "${provenance.meeting.title}" on ${provenance.meeting.startsAt.slice(0, 16).replace('T', ' ')} UTC`,
    );
  doc.text(`Generated ${provenance.generatedAt}`);

  heading('Facts snapshot the draft was computed from');
  for (const fact of factLines(provenance.factsSnapshot)) doc.fontSize(9).text(fact);

  heading('Draft versions');
  for (const draft of provenance.drafts)
    item(
      `v${draft.draftVersion} ${draft.status.toLowerCase()}, drafted ${draft.createdAt}, branch ${draft.primaryBranch}${draft.current ? ' (this recommendation)' : ''}`,
      draft,
    );

  heading('Proposal edits');
  if (provenance.proposals.length === 0) item('No edits.');
  for (const proposal of provenance.proposals) {
    item(
      `${proposal.at} by ${proposal.actorName ?? 'unknown'}${proposal.round ? `, opening round ${proposal.round}` : ''}:`,
    );
    for (const change of proposal.changes)
      doc.fontSize(9).text(`  ${change.path} ${change.change}: ${json(change.old)} -> ${json(change.new)}`);
    doc.fontSize(8).fillColor('#555555').text(link(proposal)).fillColor('#000000').moveDown(0.2);
  }

  heading('Overrides');
  if (provenance.overrides.length === 0) item('No overrides.');
  for (const override of provenance.overrides)
    item(
      `${override.at}: ${override.actorName ?? 'unknown'} overrode ${override.code}, reason: ${override.reason}`,
      override,
    );

  heading('Votes');
  if (provenance.rounds.length === 0) item('No votes.');
  for (const round of provenance.rounds) {
    doc.font('Helvetica-Bold').fontSize(10).text(`Round ${round.round}`);
    for (const vote of round.votes)
      item(
        `${vote.voterName}${vote.specialty ? ` (${vote.specialty.toLowerCase().replace(/_/g, ' ')})` : ''}: ${vote.choice}${vote.comment ? `, "${vote.comment}"` : ''} at ${vote.at}`,
        vote,
      );
  }

  heading('Sign-off');
  const signOff = provenance.signOff;
  if (!signOff) item('Not signed off.');
  else {
    item(
      `Signed off by ${signOff.signerName ?? 'unknown'} at ${signOff.at}${signOff.round ? ` in round ${signOff.round}` : ''}`,
      signOff,
    );
    item(
      signOff.followsPathway === false
        ? `Deviates from the pathway: ${signOff.deviationReason ?? '—'}${signOff.deviationText ? ` (${signOff.deviationText})` : ''}`
        : 'Follows the pathway.',
    );
    item(
      `Quorum at sign-off: ${signOff.quorum.quorate ? 'quorate' : `NOT quorate, missing ${signOff.quorum.missing.join(', ')}`} (required: ${signOff.quorum.required.join(', ') || 'none'})`,
    );
    item(
      `Present at sign-off: ${signOff.attendance.map((attendee) => `${attendee.name}${attendee.specialty ? ` (${attendee.specialty.toLowerCase().replace(/_/g, ' ')})` : ''}`).join('; ') || 'nobody recorded'}`,
    );
  }

  heading('Implementation and treatment');
  const implementation = provenance.implementation;
  if (implementation)
    item(
      `Implementation ${implementation.status}${implementation.reason ? ` (${implementation.reason})` : ''}${implementation.text ? `: ${implementation.text}` : ''}, recorded by ${implementation.actorName ?? 'unknown'}`,
      implementation,
    );
  else item('Implementation not recorded yet.');
  for (const treatment of provenance.treatmentEvents) {
    item(
      `${treatment.kind} ${treatment.status} from ${treatment.startDate}${treatment.endDate ? ` to ${treatment.endDate}` : ''}${treatment.regimens.length ? `, ${treatment.regimens.join(', ')}` : ''}`,
    );
    for (const event of treatment.events) doc.fontSize(8).fillColor('#555555').text(link(event)).fillColor('#000000');
  }

  heading('The audit trail, in order');
  for (const line of provenance.lines) item(`${line.at}  ${line.actorName ?? 'unknown'}: ${line.summary}`, line);

  doc.end();
  return done;
}
