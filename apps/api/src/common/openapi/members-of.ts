/**
 * The members of a string union that exists only as a type, for an OpenAPI enum: complete by
 * type (a missing or extra member fails to compile).
 */
export const membersOf = <T extends string>(members: Record<T, true>): T[] => Object.keys(members) as T[];
