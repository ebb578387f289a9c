import { useEffect, useState } from 'react';
import type { RecommendationDetail } from '../types';

/**
 * The version a plan editor's form was filled from, and its ETag: a save edits that version
 * (If-Match), so someone else's save meanwhile is never overwritten unseen (412). Unsaved edits
 * are kept when a newer version arrives (`newerVersion` says so); `showNewer` discards them and
 * refills the form through `refill`. Shared by the proposal and the board-plan editors.
 */
export function useEditedVersion(
  recommendation: RecommendationDetail,
  etag: string | null,
  refill: (from: RecommendationDetail) => void,
) {
  const [base, setBase] = useState({ version: recommendation.version, etag });
  const [dirty, setDirty] = useState(false);
  const [newerVersion, setNewerVersion] = useState<number | null>(null);

  const fill = (from: RecommendationDetail, fromEtag: string | null): void => {
    refill(from);
    setBase({ version: from.version, etag: fromEtag });
    setDirty(false);
    setNewerVersion(null);
  };

  useEffect(() => {
    if (recommendation.version === base.version) return;
    if (dirty) setNewerVersion(recommendation.version);
    else fill(recommendation, etag);
    // Only a new version acts (the form state is read as it is then).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [recommendation.version, etag]);

  return {
    /** The If-Match header of a save. */
    ifMatch: (): Record<string, string> => (base.etag ? { 'if-match': base.etag } : {}),
    markEdited: (): void => setDirty(true),
    /** After a save, or a refused (stale) one: the next version replaces the form. */
    markClean: (): void => setDirty(false),
    newerVersion,
    showNewer: (): void => fill(recommendation, etag),
  };
}
