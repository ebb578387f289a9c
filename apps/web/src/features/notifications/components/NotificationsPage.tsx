import { useState, type ReactNode } from 'react';
import { api, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime, humanize } from '../../../components';
import { useLoad } from '../../../hooks/use-load';

export function NotificationsPage({ headingLevel = 1 }: { headingLevel?: 1 | 2 }): ReactNode {
  const list = useLoad(() => api('GET', '/me/notifications'), []);
  const [error, setError] = useState<string | null>(null);
  const Heading = headingLevel === 1 ? 'h1' : 'h2';

  const markRead = async (id: string): Promise<void> => {
    setError(null);
    try {
      await api('POST', '/me/notifications/{id}/read', { path: { id } });
      list.reload();
    } catch (caught) {
      setError(messageOf(caught));
    }
  };

  const unread = list.data?.filter((notification) => !notification.readAt).length ?? 0;
  return (
    <section aria-labelledby="notifications-heading">
      <Heading id="notifications-heading">Notifications{list.data ? ` (${unread} unread)` : ''}</Heading>
      <ErrorMessage error={list.error ?? error} />
      {list.data && list.data.length === 0 ? <p>No notifications.</p> : null}
      <ul className="notifications">
        {list.data?.map((notification) => (
          <li key={notification.id} className={notification.readAt ? 'read' : 'unread'} data-testid="notification">
            <p>
              <span className="badge">{notification.readAt ? '✓ Read' : '● Unread'}</span>{' '}
              <strong>{notification.title}</strong>{' '}
              <span className="muted">
                {humanize(notification.kind)}, {formatDateTime(notification.createdAt)}
              </span>
            </p>
            <p>{notification.body}</p>
            {notification.caseId ? (
              <p>
                <a href={`#/cases/${notification.caseId}`} aria-label={`Open the case of “${notification.title}”`}>
                  Open the case
                </a>
              </p>
            ) : null}
            {notification.readAt ? null : (
              <button
                type="button"
                className="secondary"
                onClick={() => void markRead(notification.id)}
                aria-label={`Mark “${notification.title}” as read`}
              >
                Mark as read
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
