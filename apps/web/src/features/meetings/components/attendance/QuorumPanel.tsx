import type { ReactNode } from 'react';
import type { components } from '../../../../api-schema';
import { humanize } from '../../../../components';

/** The quorum of a meeting: quorate or not, and each required specialty as present or missing, in words and icons. */
export function QuorumPanel({ quorum }: { quorum: components['schemas']['QuorumDto'] }): ReactNode {
  return (
    <section aria-labelledby="quorum-heading">
      <h2 id="quorum-heading">Quorum</h2>
      <p className={quorum.quorate ? 'ok total' : 'error total'} data-testid="quorum" role="status">
        {quorum.quorate ? (
          <>
            <span aria-hidden="true">✓ </span>Quorate: every required specialty is present.
          </>
        ) : (
          <>
            <span aria-hidden="true">✖ </span>Not quorate: missing {quorum.missingSpecialties.map(humanize).join(', ')}.
          </>
        )}
      </p>
      <ul className="quorum-list" aria-label="Required specialties">
        {quorum.requiredSpecialties.map((specialty) => {
          const present = quorum.presentSpecialties.includes(specialty);
          return (
            <li
              key={specialty}
              className={present ? 'badge badge-ok' : 'badge badge-block'}
              data-testid="quorum-specialty"
            >
              <span aria-hidden="true">{present ? '✓ ' : '✖ '}</span>
              {humanize(specialty)}: {present ? 'present' : 'missing'}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
