import { useEffect, useState } from 'react';
import { apiNextPage, apiWithHeaders, messageOf } from '../../../api';
import type { CaseStatus, CaseSummary } from '../../../types';

const PAGE_SIZE = 25;

export interface CaseFilter {
  q: string;
  status: CaseStatus | '';
}

/**
 * The board's cases that match the filter, one page at a time (the API's Link header gives the
 * next one); read again when the board, the filter or `reloadKey` change, or on `reload`.
 */
export function useCasePages(boardId: string, filter: CaseFilter, reloadKey: number) {
  const [rows, setRows] = useState<CaseSummary[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let live = true;
    const query = {
      boardId,
      limit: PAGE_SIZE,
      ...(filter.q.trim() ? { q: filter.q.trim() } : {}),
      ...(filter.status ? { status: filter.status } : {}),
    };
    apiWithHeaders('GET', '/cases', { query }).then(
      (page) => {
        if (!live) return;
        setRows(page.data);
        setNext(page.next);
        setError(null);
      },
      (caught: unknown) => live && setError(messageOf(caught)),
    );
    return () => {
      live = false;
    };
  }, [boardId, filter, reloadKey, tick]);

  const more = async (): Promise<void> => {
    if (!next) return;
    try {
      const page = await apiNextPage<CaseSummary[]>(next);
      setRows((previous) => [...(previous ?? []), ...page.data]);
      setNext(page.next);
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  return { rows, next, error, setError, more, reload: (): void => setTick((value) => value + 1) };
}
