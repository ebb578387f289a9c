import { useEffect, useState } from 'react';
import { api, messageOf } from '../../../api';
import { useLoad } from '../../../hooks/use-load';

/**
 * One meeting's agenda as the builder edits it: the loaded agenda, the order and the minutes as
 * shown (reset from each load), and `run`, which performs a change, announces `done` in `status`
 * (or shows the error) and reloads the agenda either way.
 */
export function useAgenda(meetingId: string, onChanged: () => void) {
  const agenda = useLoad(() => api('GET', '/meetings/{id}/agenda', { path: { id: meetingId } }), [meetingId]);
  const [order, setOrder] = useState<string[]>([]);
  const [minutes, setMinutes] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  useEffect(() => {
    if (!agenda.data) return;
    setOrder(agenda.data.items.map((entry) => entry.item.id));
    setMinutes(
      Object.fromEntries(agenda.data.items.map((entry) => [entry.item.id, String(entry.item.minutesAllotted)])),
    );
  }, [agenda.data]);

  const run = async (action: () => Promise<unknown>, done: string): Promise<boolean> => {
    setError(null);
    try {
      await action();
      setStatus(done);
      agenda.reload();
      onChanged();
      return true;
    } catch (caught) {
      setError(messageOf(caught));
      agenda.reload();
      return false;
    }
  };

  return { agenda, order, setOrder, minutes, setMinutes, error, status, run };
}
