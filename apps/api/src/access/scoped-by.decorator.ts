import { SetMetadata } from '@nestjs/common';

/** The kinds of objects whose board the access check can resolve from an id. */
export type ScopedKind = 'board' | 'patient' | 'case' | 'meeting' | 'recommendation' | 'auditEvent' | 'treatmentEvent' | 'reminder';

export const SCOPED_BY_KEY = 'consilium:scoped-by';

export interface ScopedByMetadata {
  readonly kind: ScopedKind;
  readonly param: string;
}

/**
 * The route's `:param` names an object of `kind`: before anything else runs (validation
 * included), the board-scope guard answers 404 unless the object exists in one of the user's
 * boards. Every route with an id carries this (a test enumerates the routes to prove it), or is
 * ADMIN-only administration of objects that belong to no board.
 */
export const ScopedBy = (kind: ScopedKind, param = 'id'): MethodDecorator =>
  SetMetadata(SCOPED_BY_KEY, { kind, param } satisfies ScopedByMetadata);
