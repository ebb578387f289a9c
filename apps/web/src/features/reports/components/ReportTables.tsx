import type { ReactNode } from 'react';
import { PATHWAYS } from '@consilium/pathway';
import { humanize } from '../../../components';
import type { BoardReport } from '../../../types';
import { days, percent } from '../report-format';

/** The report's numbers as tables: concordance, by site and pathway, departures, timeliness, implementation. */
export function ReportTables({ report }: { report: BoardReport }): ReactNode {
  const { concordance, referralToDiscussion, discussionToTreatment, implementation } = report;
  const departures = Object.entries(concordance.departuresByReason).sort(([a], [b]) => a.localeCompare(b));
  return (
    <div className="chart-grid">
      <table data-testid="concordance-table">
        <caption>Guideline concordance</caption>
        <tbody>
          <tr>
            <th scope="row">Signed off</th>
            <td>{concordance.signedOff}</td>
          </tr>
          <tr>
            <th scope="row">Drafted by a pathway</th>
            <td>{concordance.pathwaySignedOff}</td>
          </tr>
          <tr>
            <th scope="row">Following the pathway</th>
            <td>{concordance.followingPathway}</td>
          </tr>
          <tr>
            <th scope="row">Departing from it</th>
            <td>{concordance.pathwaySignedOff - concordance.followingPathway}</td>
          </tr>
          <tr>
            <th scope="row">Board-authored (no pathway)</th>
            <td>{concordance.signedOff - concordance.pathwaySignedOff}</td>
          </tr>
          <tr>
            <th scope="row">Concordance</th>
            <td>{percent(concordance.share)}</td>
          </tr>
        </tbody>
      </table>
      <table data-testid="site-pathway-table">
        <caption>Decisions by tumour site and pathway</caption>
        <thead>
          <tr>
            <th scope="col">Site (ICD-10)</th>
            <th scope="col">Pathway</th>
            <th scope="col">Signed off</th>
            <th scope="col">Concordance</th>
          </tr>
        </thead>
        <tbody>
          {report.bySiteAndPathway.length === 0 ? (
            <tr>
              <td colSpan={4}>No decisions in the period.</td>
            </tr>
          ) : (
            report.bySiteAndPathway.map((group) => (
              <tr key={`${group.site}-${group.pathwayId ?? 'none'}`}>
                <th scope="row">{group.site}</th>
                <td>
                  {group.pathwayId === null
                    ? 'none (board-authored)'
                    : PATHWAYS.has(group.pathwayId)
                      ? PATHWAYS.get(group.pathwayId).title
                      : group.pathwayId}
                </td>
                <td>{group.signedOff}</td>
                <td>{group.pathwayId === null ? 'not applicable' : percent(group.share)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <table data-testid="departures-table">
        <caption>Departures by reason</caption>
        <thead>
          <tr>
            <th scope="col">Reason</th>
            <th scope="col">Recommendations</th>
          </tr>
        </thead>
        <tbody>
          {departures.length === 0 ? (
            <tr>
              <td colSpan={2}>No departures in the period.</td>
            </tr>
          ) : (
            departures.map(([reason, count]) => (
              <tr key={reason}>
                <th scope="row">{humanize(reason)}</th>
                <td>{count}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      <table data-testid="timeliness-table">
        <caption>Time from referral to discussion to treatment start</caption>
        <thead>
          <tr>
            <th scope="col">Interval</th>
            <th scope="col">Cases</th>
            <th scope="col">Median</th>
            <th scope="col">90th percentile</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">Referral → discussion</th>
            <td>{referralToDiscussion.count}</td>
            <td>{days(referralToDiscussion.medianDays)}</td>
            <td>{days(referralToDiscussion.p90Days)}</td>
          </tr>
          <tr>
            <th scope="row">Discussion → treatment start</th>
            <td>{discussionToTreatment.count}</td>
            <td>{days(discussionToTreatment.medianDays)}</td>
            <td>{days(discussionToTreatment.p90Days)}</td>
          </tr>
        </tbody>
      </table>
      <table data-testid="implementation-table">
        <caption>Implementation of the recommendations</caption>
        <tbody>
          <tr>
            <th scope="row">Implemented</th>
            <td>{implementation.yes}</td>
          </tr>
          <tr>
            <th scope="row">Partly</th>
            <td>{implementation.partly}</td>
          </tr>
          <tr>
            <th scope="row">Not implemented</th>
            <td>{implementation.no}</td>
          </tr>
          <tr>
            <th scope="row">Not recorded yet</th>
            <td>{implementation.notRecorded}</td>
          </tr>
        </tbody>
      </table>
    </div>
  );
}
