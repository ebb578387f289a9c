import { useEffect, useState } from 'react';

/** The hash route as its segments: `#/cases/42/edit` is ['cases', '42', 'edit']. */
function readRoute(): string[] {
  return window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean);
}

/**
 * Hash routes (#/meeting/<id>): the API serves one index.html, and deep links survive a reload
 * without the server knowing the client's routes.
 */
export function useRoute(): string[] {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const onChange = (): void => setRoute(readRoute());
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

/** One row of a route table: a pattern of segments (`:name` binds a segment), who may see it, and what it shows. */
export interface Route<C, R> {
  /** Segments such as 'cases/:id/edit'; the route may be longer unless `exact` (an empty path matches every route). */
  path: string;
  exact?: boolean;
  /** Whether this context may see the screen with these parameters; a refused route lets the next row try. */
  allow?: (context: C, params: Readonly<Record<string, string>>) => boolean;
  render: (context: C, params: Readonly<Record<string, string>>) => R;
}

/** The parameters of `segments` under `path`, or null when they do not match. */
export function matchPath(path: string, segments: readonly string[], exact = false): Record<string, string> | null {
  const pattern = path.split('/').filter(Boolean);
  if (segments.length < pattern.length || (exact && segments.length !== pattern.length)) return null;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] as string;
    if (part.startsWith(':')) params[part.slice(1)] = segment;
    else if (part !== segment) return null;
  }
  return params;
}

/** The first row of the table that matches the segments and allows the context, rendered; null when none does. */
export function resolveRoute<C, R>(table: readonly Route<C, R>[], segments: readonly string[], context: C): R | null {
  for (const route of table) {
    const params = matchPath(route.path, segments, route.exact);
    if (params && (route.allow?.(context, params) ?? true)) return route.render(context, params);
  }
  return null;
}
