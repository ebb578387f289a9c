import { type ReactNode } from 'react';
import { api, apiWithHeaders } from '../../../api';
import { ErrorMessage, formatDateTime, humanize, ReadinessBadge } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import { PlanMarkdown } from '../../meeting-mode/components/PlanMarkdown';
import type { Me } from '../../../types';
import { CaseFacts } from './CaseFacts';
import { PdfDownload } from '../../../components/PdfDownload';
import { ReportLinkList } from './ReportLinkList';
import { ReportLinksEditor } from './ReportLinks';
import { CoordinatorActions } from './case-view/CoordinatorActions';
import { RecommendationHistory } from './case-view/RecommendationHistory';
import { TreatmentEvents, FollowUpFindings } from './case-view/TreatmentEvents';

/**
 * One case, read only: what the board knows (facts, readiness), what it decided over time (every
 * draft version and its outcome) and what happened since (treatment events, and the follow-up
 * findings of the signed-off plan against those dates). Notification and e-mail links
 * (/cases/<id>) open it.
 */
export function CaseView({ caseId, me }: { caseId: string; me: Me }): ReactNode {
  const found = useLoad(() => apiWithHeaders('GET', '/cases/{id}', { path: { id: caseId } }), [caseId]);
  const recommendations = useLoad(() => api('GET', '/cases/{id}/recommendations', { path: { id: caseId } }), [caseId]);
  const events = useLoad(() => api('GET', '/cases/{id}/treatment-events', { path: { id: caseId } }), [caseId]);

  if (found.error) {
    return (
      <>
        <h1>Case</h1>
        <ErrorMessage error={found.error} />
      </>
    );
  }
  if (!found.data) return <p>Loading the case…</p>;
  const shown = found.data.data;
  const signedOff = recommendations.data?.find((recommendation) => recommendation.status === 'SIGNED_OFF') ?? null;
  const isCoordinator = me.roles.includes('COORDINATOR') || me.roles.includes('ADMIN');
  const mayAudit = me.roles.includes('AUDITOR') || me.roles.includes('ADMIN');
  const reload = (): void => {
    found.reload();
    recommendations.reload();
  };

  return (
    <article className="case-view" aria-labelledby="case-view-heading">
      <h1 id="case-view-heading">
        Case {shown.reference}: {shown.patientName}
      </h1>
      <p>
        MRN {shown.mrn}, born {shown.birthDate}. Status:{' '}
        <strong data-testid="case-status">{humanize(shown.status)}</strong>. Referred {formatDateTime(shown.referredAt)}
        {shown.referringClinicianName ? ` by ${shown.referringClinicianName}` : ''}.{' '}
        <ReadinessBadge readiness={shown.readiness} status={shown.status} />
      </p>
      <p>
        <strong>Question for the board:</strong> {shown.questionForBoard ?? 'none yet.'}
      </p>
      {isCoordinator && shown.status !== 'CLOSED' ? (
        <CoordinatorActions
          caseId={shown.id}
          reference={shown.reference}
          status={shown.status}
          complete={shown.readiness.ready}
          hasDraft={(recommendations.data ?? []).length > 0}
          onChanged={reload}
        />
      ) : null}
      <div className="columns">
        <section aria-labelledby="case-facts-heading">
          <h2 id="case-facts-heading">Facts</h2>
          <CaseFacts
            core={shown.core}
            pathway={shown.pathway}
            pathwayFacts={shown.pathwayFacts}
            lastImagingDate={shown.lastImagingDate}
            headingLevel={3}
          />
          <h3 id="case-reports-heading">Imaging and pathology reports</h3>
          <ReportLinkList links={shown.reportLinks} />
          {isCoordinator && shown.status !== 'CLOSED' ? (
            <details className="report-links-edit">
              <summary>Edit the report links</summary>
              <ReportLinksEditor key={shown.version} shown={shown} etag={found.data.etag} onSaved={reload} />
            </details>
          ) : null}
          {shown.pathway === null && shown.applicablePathways.length > 0 ? (
            <p data-testid="pathways-applicable">
              Pathways that would apply to these facts:{' '}
              {shown.applicablePathways.map((pathway) => pathway.title).join('; ')} (edit the case to choose one).
            </p>
          ) : null}
          {shown.notApplicablePathways.length > 0 ? (
            <details data-testid="pathways-not-applicable">
              <summary>Why the other pathways do not apply</summary>
              <ul>
                {shown.notApplicablePathways.map((pathway) => (
                  <li key={pathway.id}>
                    {pathway.title}: {pathway.reason}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
        <section aria-labelledby="case-recommendations-heading">
          <h2 id="case-recommendations-heading">Recommendations</h2>
          <ErrorMessage error={recommendations.error} />
          {recommendations.data ? (
            <RecommendationHistory recommendations={recommendations.data} mayAudit={mayAudit} />
          ) : recommendations.loading ? (
            <p>Loading…</p>
          ) : null}
        </section>
      </div>
      {signedOff?.decisionSummary ? (
        <section aria-labelledby="case-decision-heading">
          <h2 id="case-decision-heading">Board decision</h2>
          <PlanMarkdown markdown={signedOff.decisionSummary} headingLevel={3} testId="decision-summary" />
          <p>
            <PdfDownload
              path={`/recommendations/${encodeURIComponent(signedOff.id)}/decision.pdf`}
              fileName={`decision-${shown.reference}-v${signedOff.draftVersion}.pdf`}
              label="Decision letter (PDF)"
            />
          </p>
        </section>
      ) : null}
      <section aria-labelledby="case-treatment-heading">
        <h2 id="case-treatment-heading">Treatment and follow-up</h2>
        <ErrorMessage error={events.error} />
        {events.data ? <TreatmentEvents events={events.data} /> : events.loading ? <p>Loading…</p> : null}
        <h3>Follow-up findings</h3>
        {signedOff ? (
          <FollowUpFindings findings={signedOff.followUpFindings} />
        ) : (
          <p>
            No signed-off recommendation yet: the recorded dates are checked against the plan once the board signs it
            off.
          </p>
        )}
      </section>
    </article>
  );
}
