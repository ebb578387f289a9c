import { describe, expect, it } from 'vitest';
import { matchPath, resolveRoute, type Route } from './router';

describe('matchPath', () => {
  it.each([
    ['cases/:id', ['cases', '42'], false, { id: '42' }],
    ['cases/:id', ['cases', '42', 'edit'], false, { id: '42' }],
    ['cases/:id', ['cases', '42', 'edit'], true, null],
    ['cases/:id/edit', ['cases', '42', 'edit'], false, { id: '42' }],
    ['cases/:id/edit', ['cases', '42'], false, null],
    ['cases/new', ['meetings', 'new'], false, null],
    ['meetings', ['meetings'], true, {}],
    ['', [], false, {}],
    ['', ['anything', 'at', 'all'], false, {}],
  ] as const)('%s against %j (exact %s) gives %j', (path, segments, exact, expected) => {
    expect(matchPath(path, segments, exact)).toEqual(expected);
  });
});

describe('resolveRoute', () => {
  type Context = { coordinator: boolean };
  const table: Route<Context, string>[] = [
    { path: 'cases/new', allow: (context) => context.coordinator, render: () => 'new case' },
    { path: 'cases/:id', exact: true, allow: (_, { id }) => id !== 'new', render: (_, { id }) => `case ${id}` },
    { path: '', allow: (context) => context.coordinator, render: () => 'coordinator home' },
    { path: '', render: () => 'no screen' },
  ];

  it('takes the first row that matches and allows the user', () => {
    expect(resolveRoute(table, ['cases', 'new'], { coordinator: true })).toBe('new case');
    expect(resolveRoute(table, ['cases', '7'], { coordinator: false })).toBe('case 7');
  });

  it('lets a refused row fall through to the home of the role', () => {
    expect(resolveRoute(table, ['cases', 'new'], { coordinator: false })).toBe('no screen');
    expect(resolveRoute(table, ['cases', '7', 'unknown'], { coordinator: true })).toBe('coordinator home');
  });

  it('answers null when no row matches', () => {
    expect(resolveRoute(table.slice(0, 2), ['reports'], { coordinator: true })).toBeNull();
  });
});
