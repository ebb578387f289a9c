import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { api, messageOf } from '../../../../api';
import { ErrorMessage } from '../../../../components';
import type { AgendaEntry, Meeting } from '../../../../types';

export function Notes({
  entry,
  meeting,
  editable,
  onSaved,
}: {
  entry: AgendaEntry;
  meeting: Meeting;
  editable: boolean;
  onSaved: () => void;
}): ReactNode {
  const [notes, setNotes] = useState(entry.item.discussionNotes ?? '');
  const [dirty, setDirty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    // Someone else's save shows unless this user is typing.
    if (!dirty) setNotes(entry.item.discussionNotes ?? '');
    // Only a newly saved text acts; typing (dirty) must not bring the saved text back.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [entry.item.discussionNotes]);

  if (!editable)
    return entry.item.discussionNotes ? (
      <p className="notes-text">{entry.item.discussionNotes}</p>
    ) : (
      <p className="muted">No discussion notes.</p>
    );
  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('PUT', '/meetings/{id}/agenda/{itemId}/notes', {
        path: { id: meeting.id, itemId: entry.item.id },
        body: { notes },
      });
      setDirty(false);
      setNotice(`Notes on ${entry.case.reference} saved.`);
      onSaved();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="notes-form" onSubmit={(event) => void save(event)}>
      <label htmlFor={`notes-${entry.item.id}`}>Discussion notes</label>
      <textarea
        id={`notes-${entry.item.id}`}
        rows={2}
        maxLength={10000}
        value={notes}
        onChange={(event) => {
          setNotes(event.target.value);
          setDirty(true);
        }}
      />
      <ErrorMessage error={error} />
      <p className="visually-hidden" role="status">
        {notice}
      </p>
      <button type="submit" className="secondary" disabled={busy || !dirty}>
        Save the notes
      </button>
    </form>
  );
}
