import { eventIdOf, parseEventId } from './event-id';

describe('meeting event ids', () => {
  it('reads back what it writes', () => {
    expect(parseEventId(eventIdOf({ generation: 'k3x9a0b1', sequence: 42 }))).toEqual({
      generation: 'k3x9a0b1',
      sequence: 42,
    });
  });

  it.each([
    '',
    '42',
    'abc.',
    'abc.0',
    'abc.-1',
    'ABC.1',
    'abc.1.2',
    'abc.99999999999999999',
    `${'a'.repeat(17)}.1`,
    'a b.1',
  ])('refuses %j (the stream then sends reset)', (value) => {
    expect(parseEventId(value)).toBeNull();
  });
});
