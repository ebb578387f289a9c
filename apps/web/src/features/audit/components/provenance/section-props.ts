import type { ReactNode } from 'react';
import type { Provenance } from '../../../../types';

/** What a proof button needs: the audit event of a line (none for some). */
export interface Linked {
  eventId?: string;
  leafIndex?: string | null;
}

/** What every section of the provenance page takes. */
export interface SectionProps {
  provenance: Provenance;
  /** The button that checks the inclusion proof of a line's event. */
  proofButton: (linked: Linked, label: string) => ReactNode;
}
