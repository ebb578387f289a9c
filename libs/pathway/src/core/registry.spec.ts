import { DuplicatePathwayError, UnknownPathwayError, createPathwayRegistry } from './registry';

describe(createPathwayRegistry.name, () => {
  const a = { id: 'a', version: '1', title: 'A', extra: 1 };
  const b = { id: 'b', version: '2', title: 'B', extra: 2 };

  it('finds pathways by id and lists them in order', () => {
    const registry = createPathwayRegistry([a, b]);
    expect(registry.get('b')).toBe(b);
    expect(registry.has('a')).toBe(true);
    expect(registry.has('c')).toBe(false);
    expect(registry.list().map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('throws for an unknown id', () => {
    expect(() => createPathwayRegistry([a]).get('colon')).toThrow(UnknownPathwayError);
  });

  it('rejects duplicate ids', () => {
    expect(() => createPathwayRegistry([a, { ...a }])).toThrow(DuplicatePathwayError);
  });
});
