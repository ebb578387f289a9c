import type { ReactNode } from 'react';
import { STALE_EXPLANATION } from '../../case-form-state';

/** Said when a save was refused because someone else changed the case first (412). */
export function StaleCaseWarning({ onReload }: { onReload: () => void }): ReactNode {
  return (
    <div className="stale" role="alert" data-testid="stale-warning">
      <p>
        <span aria-hidden="true">⚠ </span>
        {STALE_EXPLANATION}
      </p>
      <button type="button" onClick={onReload}>
        Reload the case
      </button>
    </div>
  );
}
