import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/*
 * Issue 19: no web component over 150 lines (as Prettier lays it out, width 120). A component that
 * grows past it is split by feature: subcomponents, a `use-...` hook for its state and effects, pure
 * helpers in .ts files.
 */

const WEB_SRC = join(__dirname, '..', '..', 'apps', 'web', 'src');
const MAX_LINES = 150;

/** Lines as `wc -l` counts them (newlines). */
const linesOf = (text: string): number => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);

describe('web components', () => {
  const components = readdirSync(WEB_SRC, { recursive: true, encoding: 'utf8' })
    .filter((path) => path.endsWith('.tsx'))
    .sort();

  it('are found (the check reads the web sources)', () => {
    expect(components.length).toBeGreaterThan(50);
  });

  it(`are each at most ${MAX_LINES} lines`, () => {
    const over = components
      .map((path) => ({ path, lines: linesOf(readFileSync(join(WEB_SRC, path), 'utf8')) }))
      .filter(({ lines }) => lines > MAX_LINES)
      .map(({ path, lines }) => `${path}: ${lines} lines`);
    expect(over).toEqual([]);
  });
});
