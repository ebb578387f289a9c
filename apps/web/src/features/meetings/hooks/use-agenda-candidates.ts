import { useMemo } from 'react';
import { api } from '../../../api';
import { useLoad } from '../../../hooks/use-load';

/**
 * What an agenda may take for the board `boardId`: its clinicians as presenters, and the cases
 * to add (READY ones, and DISCUSSED or REFERRED ones a meeting deferred without deciding; the
 * API refuses others). The cases are read again when `agenda` (the loaded agenda) or `casesKey`
 * (cases changed elsewhere) change.
 */
export function useAgendaCandidates(boardId: string | null, agenda: unknown, casesKey: number) {
  const members = useLoad(
    async () => (boardId ? api('GET', '/boards/{id}/members', { path: { id: boardId } }) : []),
    [boardId],
  );
  const ready = useLoad(
    async () =>
      boardId
        ? (
            await Promise.all(
              (['READY', 'DISCUSSED', 'REFERRED'] as const).map((status) =>
                api('GET', '/cases', { query: { boardId, status, limit: 100 } }),
              ),
            )
          ).flat()
        : [],
    [boardId, agenda, casesKey],
  );
  const presenters = useMemo(
    () => (members.data ?? []).filter((member) => member.roles.includes('CLINICIAN')),
    [members.data],
  );
  return { presenters, cases: ready.data ?? [] };
}
