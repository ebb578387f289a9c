import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findWebDist, wantsSpaFallback, webDistCandidates } from './web-app.host';

describe('WebAppHost helpers', () => {
  it.each([
    [
      'an unmatched HTML navigation',
      true,
      { method: 'GET', url: '/meeting/1?x=1', headers: { accept: 'text/html,application/xhtml+xml' } },
      undefined,
    ],
    ['a matched API route', false, { method: 'GET', url: '/cases', headers: { accept: 'text/html' } }, '/cases'],
    [
      'a navigation to a notification link',
      true,
      { method: 'GET', url: '/cases/8d6f', headers: { accept: 'text/html,application/xhtml+xml' } },
      '/cases/:id',
    ],
    [
      'the API client on the same path',
      false,
      { method: 'GET', url: '/cases/8d6f', headers: { accept: 'application/json' } },
      '/cases/:id',
    ],
    [
      'a bearer-token call on the same path',
      false,
      { method: 'GET', url: '/cases/8d6f', headers: { accept: 'text/html', authorization: 'Bearer x' } },
      '/cases/:id',
    ],
    ['a JSON client', false, { method: 'GET', url: '/nope', headers: { accept: 'application/json' } }, undefined],
    [
      'a missing asset',
      false,
      { method: 'GET', url: '/assets/missing.js', headers: { accept: 'text/html' } },
      undefined,
    ],
    ['a POST', false, { method: 'POST', url: '/nope', headers: { accept: 'text/html' } }, undefined],
  ])('%s: app shell served = %s', (_name, expected, request, matched) => {
    expect(wantsSpaFallback(request, matched)).toBe(expected);
  });

  it('finds the build from the compiled API, from the sources, or from the working directory', () => {
    const root = mkdtempSync(join(tmpdir(), 'web-dist-'));
    try {
      const compiled = join(root, 'dist', 'apps', 'api', 'src', 'web');
      const sources = join(root, 'apps', 'api', 'src', 'web');
      expect(webDistCandidates(compiled, '/nowhere')[0]).toBe(join(root, 'apps', 'web', 'dist'));
      expect(webDistCandidates(sources, '/nowhere')[1]).toBe(join(root, 'apps', 'web', 'dist'));
      expect(findWebDist(webDistCandidates(sources, root))).toBeNull();
      mkdirSync(join(root, 'apps', 'web', 'dist'), { recursive: true });
      writeFileSync(join(root, 'apps', 'web', 'dist', 'index.html'), '<!doctype html>');
      expect(findWebDist(webDistCandidates(sources, '/nowhere'))).toBe(join(root, 'apps', 'web', 'dist'));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
