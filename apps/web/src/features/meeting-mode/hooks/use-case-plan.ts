import { useState } from 'react';
import { apiWithHeaders } from '../../../api';
import { humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import type { AgendaEntry } from '../../../types';
import type { RecommendationDetail } from '../types';
import type { MeetingLive } from './live';
import { useTally } from './use-tally';

/**
 * The plan of the case on screen: its recommendation (with ETag) and tally, read again on each
 * event of the meeting's stream for it and after each save here (`reloadPlan`).
 */
export function useCasePlan(entry: AgendaEntry, live: MeetingLive) {
  const recommendationId = entry.draftPlan?.recommendationId ?? null;
  const planTick = recommendationId ? live.planTick(recommendationId) : 0;
  const [saved, setSaved] = useState(0);
  const loaded = useLoad(
    async () =>
      recommendationId ? apiWithHeaders('GET', '/recommendations/{id}', { path: { id: recommendationId } }) : null,
    [recommendationId, planTick, saved],
  );
  const recommendation = loaded.data ? (loaded.data.data as unknown as RecommendationDetail) : null;
  const tally = useTally(recommendationId, recommendationId ? live.tallyTick(recommendationId) + saved : 0, live.mode);
  const status = recommendation?.status ?? entry.draftPlan?.status ?? '';
  const draft = recommendation?.draftPlan;
  const branchTitle = (code: string): string =>
    (draft ? [draft.primaryBranch, ...draft.alternatives].find((branch) => branch.code === code)?.title : undefined) ??
    humanize(code);
  const reloadPlan = (): void => setSaved((value) => value + 1);
  return {
    recommendationId,
    reloadKey: planTick + saved,
    loaded,
    recommendation,
    tally,
    status,
    branchTitle,
    reloadPlan,
  };
}
