import { useState, type ReactNode } from 'react';
import { api, apiWithHeaders, messageOf } from '../../../api';
import { branchText } from '../clinical';
import { ErrorMessage, formatDateTime, humanize, ReadinessBadge } from '../../../components';
import { useLoad } from '../../../hooks/use-load';
import { PlanMarkdown } from '../../meeting-mode/components/PlanMarkdown';
import type { Finding, Me, Recommendation, TreatmentEvent } from '../../../types';
import { CaseFacts } from './CaseFacts';
import { PdfDownload } from '../../../components/PdfDownload';
import { ReportLinkList, ReportLinksEditor } from './ReportLinks';

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
        MRN {shown.mrn}, born {shown.birthDate}. Status: <strong data-testid="case-status">{humanize(shown.status)}</strong>. Referred {formatDateTime(shown.referredAt)}
        {shown.referringClinicianName ? ` by ${shown.referringClinicianName}` : ''}. <ReadinessBadge readiness={shown.readiness} status={shown.status} />
      </p>
      <p>
        <strong>Question for the board:</strong> {shown.questionForBoard ?? 'none yet.'}
      </p>
      {isCoordinator && shown.status !== 'CLOSED' ? (
        <CoordinatorActions caseId={shown.id} reference={shown.reference} status={shown.status} complete={shown.readiness.ready} hasDraft={(recommendations.data ?? []).length > 0} onChanged={reload} />
      ) : null}
      <div className="columns">
        <section aria-labelledby="case-facts-heading">
          <h2 id="case-facts-heading">Facts</h2>
          <CaseFacts core={shown.core} pathway={shown.pathway} pathwayFacts={shown.pathwayFacts} lastImagingDate={shown.lastImagingDate} headingLevel={3} />
          <h3 id="case-reports-heading">Imaging and pathology reports</h3>
          <ReportLinkList links={shown.reportLinks} />
          {isCoordinator && shown.status !== 'CLOSED' ? (
            <details className="report-links-edit">
              <summary>Edit the report links</summary>
              <ReportLinksEditor key={shown.version} shown={shown} etag={found.data.etag} onSaved={reload} />
            </details>
          ) : null}
          {shown.pathway === null && shown.applicablePathways.length > 0 ? (
            <p data-testid="pathways-applicable">Pathways that would apply to these facts: {shown.applicablePathways.map((pathway) => pathway.title).join('; ')} (edit the case to choose one).</p>
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
          {recommendations.data ? <RecommendationHistory recommendations={recommendations.data} mayAudit={mayAudit} /> : recommendations.loading ? <p>Loading…</p> : null}
        </section>
      </div>
      {signedOff?.decisionSummary ? (
        <section aria-labelledby="case-decision-heading">
          <h2 id="case-decision-heading">Board decision</h2>
          <PlanMarkdown markdown={signedOff.decisionSummary} headingLevel={3} testId="decision-summary" />
          <p>
            <PdfDownload path={`/recommendations/${encodeURIComponent(signedOff.id)}/decision.pdf`} fileName={`decision-${shown.reference}-v${signedOff.draftVersion}.pdf`} label="Decision letter (PDF)" />
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
          <p>No signed-off recommendation yet: the recorded dates are checked against the plan once the board signs it off.</p>
        )}
      </section>
    </article>
  );
}

/**
 * What the coordinator does with a case before the meeting: edit it, mark a complete case ready
 * (the agenda takes only READY cases), and (re)draft the plan from the pathway on its current
 * facts (POST /cases/:id/drafts: a new draft version, the older one superseded).
 */
function CoordinatorActions({ caseId, reference, status, complete, hasDraft, onChanged }: { caseId: string; reference: string; status: string; complete: boolean; hasDraft: boolean; onChanged: () => void }): ReactNode {
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const decided = status === 'DECIDED' || status === 'IN_TREATMENT';
  const run = async (action: () => Promise<unknown>, done: string): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      await action();
      setNotice(done);
      onChanged();
    } catch (caught) {
      setError(messageOf(caught));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="case-actions">
      <p className="inline-form">
        <a href={`#/cases/${caseId}/edit`}>Edit the case</a>
        {status === 'REFERRED' && complete ? (
          <button type="button" disabled={busy} onClick={() => void run(() => api('POST', '/cases/{id}/status', { path: { id: caseId }, body: { status: 'READY' } }), `${reference} is ready: it can now be put on an agenda.`)}>
            Mark ready
          </button>
        ) : null}
        {!decided ? (
          <button type="button" className="secondary" disabled={busy} onClick={() => void run(() => api('POST', '/cases/{id}/drafts', { path: { id: caseId } }), `A new draft plan was made from the pathway for ${reference}.`)}>
            {hasDraft ? 'Redraft the plan' : 'Draft the plan'}
          </button>
        ) : null}
      </p>
      {status === 'REFERRED' && !complete ? <p className="muted">Complete the missing items to mark the case ready for a meeting.</p> : null}
      <ErrorMessage error={error} />
      <p role="status" data-testid="case-action-notice">
        {notice}
      </p>
    </div>
  );
}

/** Every draft version, newest first, with what became of it. */
function RecommendationHistory({ recommendations, mayAudit }: { recommendations: Recommendation[]; mayAudit: boolean }): ReactNode {
  if (recommendations.length === 0) return <p>No draft plan yet.</p>;
  return (
    <table data-testid="recommendation-history">
      <caption>Draft versions, newest first</caption>
      <thead>
        <tr>
          <th scope="col">Version</th>
          <th scope="col">Status</th>
          <th scope="col">Plan</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {recommendations.map((recommendation) => {
          const proposedBranch = typeof recommendation.proposedPlan?.branch === 'string' ? recommendation.proposedPlan.branch : null;
          return (
            <tr key={recommendation.id} data-testid="recommendation-row">
              <td>v{recommendation.draftVersion}</td>
              <td>
                {humanize(recommendation.status)}
                {recommendation.round > 1 ? `, round ${recommendation.round}` : ''}
              </td>
              <td>
                {planText(recommendation, proposedBranch)}
                <span className="muted"> ({recommendation.pathwayId ? `${recommendation.pathwayId} ${recommendation.pathwayVersion ?? ''}`.trim() : 'board-authored'})</span>
              </td>
              <td>
                {outcomeOf(recommendation)}
                {mayAudit ? (
                  <>
                    {' '}
                    <a href={`#/audit/provenance/${recommendation.id}`}>Provenance</a>
                  </>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function planText(recommendation: Recommendation, proposedBranch: string | null): string {
  if (proposedBranch) return `Proposed: ${branchText(recommendation.pathwayId, proposedBranch)}`;
  if (recommendation.primaryBranch) return `Pathway: ${branchText(recommendation.pathwayId, recommendation.primaryBranch)}`;
  const plan = recommendation.proposedPlan?.boardPlan;
  return plan ? `Board plan: ${humanize(plan.intent)}, ${plan.modalities.map(humanize).join(', ').toLowerCase()}` : 'Board-authored plan, not written yet';
}

function outcomeOf(recommendation: Recommendation): string {
  if (!recommendation.signedOffAt) return 'Not signed off';
  if (recommendation.pathwayId === null) return `Signed off ${formatDateTime(recommendation.signedOffAt)}, board-authored plan${recommendation.implementationStatus ? `; implemented: ${humanize(recommendation.implementationStatus)}` : ''}`;
  const pathway = recommendation.followsPathway === false ? `departs from the pathway (${humanize(recommendation.deviationReason ?? 'unspecified')})` : 'follows the pathway';
  const implemented = recommendation.implementationStatus ? `; implemented: ${humanize(recommendation.implementationStatus)}` : '';
  return `Signed off ${formatDateTime(recommendation.signedOffAt)}, ${pathway}${implemented}`;
}

function TreatmentEvents({ events }: { events: TreatmentEvent[] }): ReactNode {
  if (events.length === 0) return <p>No treatment recorded yet.</p>;
  return (
    <table data-testid="treatment-events">
      <caption>Treatment events, by start date</caption>
      <thead>
        <tr>
          <th scope="col">Dates</th>
          <th scope="col">Treatment</th>
          <th scope="col">Status</th>
          <th scope="col">Details</th>
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id} data-testid="treatment-event">
            <td>{event.endDate && event.endDate !== event.startDate ? `${event.startDate} to ${event.endDate}` : event.startDate}</td>
            <td>{humanize(event.kind)}</td>
            <td>{humanize(event.status)}</td>
            <td>{detailsOf(event)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function detailsOf(event: TreatmentEvent): string {
  return [
    event.regimens.length > 0 ? event.regimens.join(', ') : null,
    event.therapyLine ? `line ${event.therapyLine}` : null,
    event.surgeryTarget ? humanize(event.surgeryTarget) : null,
    event.elective === null ? null : event.elective ? 'elective' : 'not elective',
    event.woundHealedDate ? `wound healed ${event.woundHealedDate}` : null,
    event.procedure ? humanize(event.procedure) : null,
    event.evaluation ? humanize(event.evaluation) : null,
    event.notes,
  ]
    .filter(Boolean)
    .join('; ');
}

/** Findings as text with an icon (never colour alone). */
function FollowUpFindings({ findings }: { findings: Finding[] }): ReactNode {
  if (findings.length === 0) return <p data-testid="follow-up-findings">No follow-up findings: the recorded dates keep to the plan.</p>;
  return (
    <ul className="findings" data-testid="follow-up-findings">
      {findings.map((finding, index) => (
        <li key={`${finding.code}-${index}`} data-testid="follow-up-finding" data-code={finding.code}>
          <span className={`badge badge-${finding.severity}`}>
            <span aria-hidden="true">{finding.severity === 'block' ? '⛔ ' : '⚠ '}</span>
            {humanize(finding.severity)}
          </span>{' '}
          <code>{finding.code}</code> {finding.message}
        </li>
      ))}
    </ul>
  );
}
