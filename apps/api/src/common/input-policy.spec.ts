import { inputProblems, MAX_DEPTH } from './input-policy';

function nested(depth: number): unknown {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level += 1) value = { a: value };
  return value;
}

describe('inputProblems', () => {
  it.each([
    ['a NUL character', { name: 'a\u0000b' }, 'name', 'must not contain a NUL character'],
    ['a lone high surrogate', { email: 'x\ud800@y.example' }, 'email', 'lone surrogate'],
    [
      'a lone low surrogate deep in an array',
      { facts: { sites: ['ok', '\udc00'] } },
      'facts.sites.1',
      'lone surrogate',
    ],
    ['a number beyond int32', { therapyLine: 2 ** 31 }, 'therapyLine', 'must be between'],
    ['a reserved key', JSON.parse('{"constructor": {}}') as unknown, 'constructor', 'is not a known field'],
    ['a NUL in a field name', { 'na\u0000me': 1 }, 'na\u0000me', 'field name'],
  ])('names %s', (_case, value, field, message) => {
    const problems = inputProblems(value, '');
    expect(problems.map((problem) => problem.field)).toEqual([field]);
    expect(problems[0]!.message).toContain(message);
  });

  it('accepts ordinary input: emoji (surrogate pairs), int32 bounds, nesting up to the limit', () => {
    expect(
      inputProblems({ note: 'ok 😀', count: 2 ** 31 - 1, low: -(2 ** 31 - 1), deep: nested(MAX_DEPTH - 2) }, ''),
    ).toEqual([]);
  });

  it(`refuses nesting beyond ${MAX_DEPTH} levels, and walks 100,000 levels without overflowing the stack`, () => {
    expect(inputProblems(nested(MAX_DEPTH + 1), '')).toHaveLength(1);
    expect(
      inputProblems(JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown, '')[0]!.message,
    ).toContain('nests deeper');
  });

  it('stops after 20 problems', () => {
    expect(
      inputProblems(
        Array.from({ length: 100 }, () => '\u0000'),
        '',
      ),
    ).toHaveLength(20);
  });
});
