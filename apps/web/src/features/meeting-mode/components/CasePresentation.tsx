import type { ReactNode } from 'react';
import type { AgendaEntry, CaseDetail } from '../../../types';
import { CaseFacts } from '../../cases/components/CaseFacts';
import { ReportLinkList } from '../../cases/components/ReportLinkList';
import { formatDay } from '../../../lib/format';

/**
 * What the presenter shows the board about a case, in the order of a case presentation: the
 * question first, then the patient, then the case core in clinical words (disease and staging,
 * condition, histology and biomarkers, imaging) and the pathway's own facts, through the one
 * component the case view uses too (CaseFacts).
 */
export type PresentedCase = Pick<
  CaseDetail,
  | 'reference'
  | 'patientName'
  | 'mrn'
  | 'birthDate'
  | 'questionForBoard'
  | 'lastImagingDate'
  | 'reportLinks'
  | 'core'
  | 'pathway'
  | 'pathwayFacts'
>;

/** An agenda entry as the case DTO's fields that the presentation reads. */
export function presentedOf(entry: AgendaEntry): PresentedCase {
  return {
    reference: entry.case.reference,
    patientName: entry.patient.name,
    mrn: entry.patient.mrn,
    birthDate: entry.patient.birthDate,
    questionForBoard: entry.case.questionForBoard,
    lastImagingDate: entry.case.lastImagingDate,
    reportLinks: entry.case.reportLinks,
    core: entry.core,
    pathway: entry.pathway,
    pathwayFacts: entry.pathwayFacts,
  };
}

export function CasePresentation({
  presented,
  large = false,
  headingLevel = 3,
}: {
  presented: PresentedCase;
  large?: boolean;
  headingLevel?: 2 | 3;
}): ReactNode {
  return (
    <section
      className={large ? 'presentation presentation-large' : 'presentation'}
      aria-label={`Presentation of ${presented.reference}`}
      data-testid="case-presentation"
    >
      <p className="question" data-testid="presentation-question">
        <strong>Question for the board:</strong> {presented.questionForBoard ?? 'none recorded.'}
      </p>
      <div className="presentation-who">
        <p>
          {presented.patientName}, MRN {presented.mrn}, born {formatDay(presented.birthDate)}
          {presented.core.condition.ageYears !== null
            ? ` (${presented.core.condition.ageYears} years at referral)`
            : ''}
          .
        </p>
        <div className="presentation-reports">
          <strong>Reports:</strong> <ReportLinkList links={presented.reportLinks} inline />
        </div>
      </div>
      <CaseFacts
        core={presented.core}
        pathway={presented.pathway}
        pathwayFacts={presented.pathwayFacts}
        lastImagingDate={presented.lastImagingDate}
        headingLevel={headingLevel}
      />
    </section>
  );
}
