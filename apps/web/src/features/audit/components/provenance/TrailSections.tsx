import type { ReactNode } from 'react';
import { formatDateTime, humanize } from '../../../../components';
import type { Provenance } from '../../../../types';
import { factRows } from '../../provenance-format';
import type { SectionProps } from './section-props';

type Line = Provenance['lines'][number];

/** The facts snapshot the draft was computed from, and every draft version. */
export function FactsSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
    <section aria-labelledby="provenance-facts">
      <h2 id="provenance-facts">Facts snapshot the draft was computed from</h2>
      <table data-testid="provenance-facts">
        <tbody>
          {factRows(provenance.factsSnapshot).map(([path, value]) => (
            <tr key={path}>
              <th scope="row">{path}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Draft versions</h3>
      <ul>
        {provenance.drafts.map((draft) => (
          <li key={draft.id}>
            v{draft.draftVersion} {humanize(draft.status).toLowerCase()}, drafted {formatDateTime(draft.createdAt)},
            branch {draft.primaryBranch === null ? 'none (board-authored plan)' : humanize(draft.primaryBranch)}
            {draft.current ? (
              ' (this recommendation)'
            ) : (
              <a href={`#/audit/provenance/${draft.id}`}> (its provenance)</a>
            )}{' '}
            {proofButton(draft, `draft v${draft.draftVersion}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Implementation and treatment after the decision. */
export function FollowUpSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
    <section aria-labelledby="provenance-follow-up">
      <h2 id="provenance-follow-up">Implementation and treatment</h2>
      {provenance.implementation ? (
        <p>
          Implementation {humanize(provenance.implementation.status).toLowerCase()}
          {provenance.implementation.reason ? ` (${humanize(provenance.implementation.reason)})` : ''}
          {provenance.implementation.text ? `: ${provenance.implementation.text}` : ''}, recorded by{' '}
          {provenance.implementation.actorName ?? 'unknown'}.{' '}
          {proofButton(provenance.implementation, 'the implementation')}
        </p>
      ) : (
        <p>Implementation not recorded yet.</p>
      )}
      <ul>
        {provenance.treatmentEvents.map((treatment) => (
          <li key={treatment.id}>
            {humanize(treatment.kind)} {humanize(treatment.status).toLowerCase()} from {treatment.startDate}
            {treatment.endDate ? ` to ${treatment.endDate}` : ''}
            {treatment.regimens.length ? `, ${treatment.regimens.join(', ')}` : ''}{' '}
            {proofButton(treatment.events.at(-1) ?? {}, `the ${humanize(treatment.kind).toLowerCase()} event`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every audit line of the recommendation, in order. */
export function LinesSection({ provenance, proofButton }: SectionProps): ReactNode {
  return (
    <section aria-labelledby="provenance-lines">
      <h2 id="provenance-lines">The audit trail, in order</h2>
      <table data-testid="provenance-lines">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">What</th>
            <th scope="col">Leaf</th>
            <th scope="col">Proof</th>
          </tr>
        </thead>
        <tbody>
          {provenance.lines.map((line: Line) => (
            <tr key={line.eventId} data-testid="provenance-line">
              <td>{formatDateTime(line.at)}</td>
              <td>{line.actorName ?? 'unknown'}</td>
              <td>{line.summary}</td>
              <td>{line.leafIndex ?? 'not sealed yet'}</td>
              <td>{proofButton(line, `${line.actorName ?? 'unknown'} ${line.summary}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
