import { SetMetadata } from '@nestjs/common';

/** The kinds of objects whose board the access check can resolve from an id. */
export type ScopedKind =
  'board' | 'patient' | 'case' | 'meeting' | 'recommendation' | 'auditEvent' | 'treatmentEvent' | 'reminder';

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

/** Kinds of objects that belong to one user rather than to a board. */
export type OwnedKind = 'notification';

export const OWNED_BY_KEY = 'consilium:owned-by';

export interface OwnedByMetadata {
  readonly kind: OwnedKind;
  readonly param: string;
}

/**
 * The route's `:param` names an object of `kind` that belongs to one user: the scope guard
 * answers 404 unless it exists and is the caller's own (another user's id leaks nothing).
 */
export const OwnedBy = (kind: OwnedKind, param = 'id'): MethodDecorator =>
  SetMetadata(OWNED_BY_KEY, { kind, param } satisfies OwnedByMetadata);
