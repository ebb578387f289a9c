import { useEffect, useState } from 'react';

/**
 * Hash routes (#/meeting/<id>): the API serves one index.html, and deep links survive a reload
 * without the server knowing the client's routes.
 */
export function useRoute(): string[] {
  const read = (): string[] => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  const [route, setRoute] = useState(read);
  useEffect(() => {
    const onChange = (): void => setRoute(read());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/**
 * Links in notifications and e-mails are paths (/cases/<id>); the API answers a browser's
 * navigation to them with this app, which turns the path into the hash route of the same name.
 */
export function adoptPathRoute(): void {
  const match = /^\/cases\/([^/]+)\/?$/.exec(window.location.pathname);
  if (match) window.history.replaceState(null, '', `/#/cases/${match[1]}`);
}

export function navigate(path: string): void {
  window.location.hash = path;
}
