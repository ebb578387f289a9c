import { getSchemaPath, type ApiPropertyOptions } from '@nestjs/swagger';

/** A DTO property holding one of the case core's JSON shapes (CASE_CORE_SCHEMAS), by name. */
export const coreProperty = (name: string, description: string, nullable = false): ApiPropertyOptions =>
  ({ allOf: [{ $ref: getSchemaPath(name) }], description, ...(nullable ? { nullable: true } : {}) }) as ApiPropertyOptions;
