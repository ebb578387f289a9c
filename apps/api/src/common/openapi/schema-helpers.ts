import { getSchemaPath, type SchemaObject } from '@nestjs/swagger';

/**
 * Small builders for the OpenAPI 3.0 schemas of the pathway library's JSON (pathway.schemas.ts,
 * case-core.schemas.ts): enums come from the library's const arrays, never re-typed lists.
 */

export const ref = (name: string): SchemaObject => ({ $ref: getSchemaPath(name) }) as SchemaObject;
export const text: SchemaObject = { type: 'string' };
export const flag: SchemaObject = { type: 'boolean' };
export const days: SchemaObject = { type: 'integer', description: 'Calendar days from the anchor' };
export const oneOf = (values: readonly (string | number)[], extra: SchemaObject = {}): SchemaObject => ({
  type: typeof values[0] === 'number' ? 'integer' : 'string',
  enum: [...values],
  ...extra,
});
export const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
export const list = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
/** An object whose properties are all required unless listed in `optional`. */
export const object = (
  properties: Record<string, SchemaObject>,
  optional: readonly string[] = [],
  extra: SchemaObject = {},
): SchemaObject => {
  const required = Object.keys(properties).filter((name) => !optional.includes(name));
  return {
    type: 'object',
    ...(required.length > 0 ? { required } : {}),
    properties,
    additionalProperties: false,
    ...extra,
  };
};

/** A finding of a pathway whose codes are `codes` (the library's Finding<Code>). */
export const finding = (codes: readonly string[], extra: SchemaObject = {}): SchemaObject =>
  object(
    {
      code: oneOf(codes),
      severity: oneOf(['block', 'warn'], { description: 'A block stops sign-off unless overridden' }),
      message: text,
      citation: ref('PathwayCitation'),
      eventIds: { ...list(text), description: 'The treatment events that triggered it' },
      dayCounts: {
        type: 'object',
        additionalProperties: { type: 'integer' },
        description: 'The day counts that triggered it',
      },
    },
    [],
    extra,
  );

/** An undated milestone rule of a pathway (the library's MilestoneRule<Code, Anchor>). */
export const milestoneRule = (codes: readonly string[], anchors: readonly string[]): SchemaObject =>
  object(
    {
      code: oneOf(codes),
      anchor: oneOf(anchors),
      description: text,
      citation: ref('PathwayCitation'),
      window: object({ fromDays: days, toDays: days }),
      dueDays: days,
      warnAfterDays: days,
      breachAfterDays: days,
      notBeforeDays: days,
      notBeforeAnchor: oneOf(anchors),
    },
    ['window', 'warnAfterDays', 'breachAfterDays', 'notBeforeDays', 'notBeforeAnchor'],
  );
