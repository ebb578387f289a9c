import type { Role, Specialty } from '@prisma/client';

/** The user behind a verified access token, as guards and services see it. */
export interface AuthenticatedUser {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly specialty: Specialty | null;
  /** Granted explicitly to auditors/admins: every board is in scope. */
  readonly allBoardsAccess: boolean;
  /** Boards the user is a member of. */
  readonly boardIds: readonly string[];
}
