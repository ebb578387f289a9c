import type { ReactNode } from 'react';

/** Said by a plan editor when a newer version arrived while the user edits: their edits are kept, the newer one is a click away. */
export function NewerVersionNotice({
  shown,
  onShowNewer,
  children,
}: {
  shown: boolean;
  onShowNewer: () => void;
  children: ReactNode;
}): ReactNode {
  return shown ? (
    <div className="stale" role="alert" data-testid="proposal-newer">
      <p>
        <span aria-hidden="true">⚠ </span>
        {children}
      </p>
      <button type="button" className="secondary" onClick={onShowNewer}>
        Discard my changes and show the newer version
      </button>
    </div>
  ) : null;
}
