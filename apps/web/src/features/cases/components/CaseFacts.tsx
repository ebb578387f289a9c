import type { ReactNode } from 'react';
import { isPairedOrganSite } from '@consilium/pathway';
import {
  ECOG_LABELS,
  PATHWAY_EXTRA_FACTS,
  codeLabel,
  extraFactText,
  knownBiomarker,
  morphologyLabel,
  siteText,
  tnmText,
} from '../clinical';
import type { CaseCore, PathwayFacts, PathwayRef } from '../../../types';
import './case-facts.css';

interface CaseFactsProps {
  core: CaseCore;
  pathway: PathwayRef | null;
  pathwayFacts: PathwayFacts;
  /** Shown with the staging when known (the case's last imaging). */
  lastImagingDate?: string | null;
  /** The level of the part headings (one below the heading the facts sit under). */
  headingLevel: 2 | 3 | 4;
}

function Row({ term, children }: { term: string; children: ReactNode }): ReactNode {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

const orNot = (value: string | number | null | undefined, unit = ''): string =>
  value === null || value === undefined || value === '' ? 'not recorded' : `${value}${unit}`;

/**
 * What the board knows about a case, in clinical words: the disease-agnostic core (primary,
 * staging, metastases, condition, biomarkers) and the facts its pathway adds. The case view and
 * meeting mode both show a case through this one component.
 */
export function CaseFacts({ core, pathway, pathwayFacts, lastImagingDate, headingLevel }: CaseFactsProps): ReactNode {
  const Heading = headingLevel === 2 ? 'h2' : headingLevel === 3 ? 'h3' : 'h4';
  const { primary, staging, condition } = core;
  const histology = [
    primary.morphologyCode
      ? [primary.morphologyCode, morphologyLabel(primary.morphologyCode)].filter(Boolean).join(' ')
      : null,
    primary.histologyText,
  ]
    .filter(Boolean)
    .join(', ');
  const specs = pathway ? (PATHWAY_EXTRA_FACTS[pathway.id] ?? []) : [];
  const extra = (pathwayFacts ?? {}) as Record<string, unknown>;
  const preferences = [
    condition.preferences.declinesMajorSurgery ? 'declines major surgery' : null,
    condition.preferences.declinesRadiotherapy ? 'declines radiotherapy' : null,
    condition.preferences.notes,
  ].filter(Boolean);
  return (
    <div className="case-facts" data-testid="case-facts">
      <Heading>Primary tumour</Heading>
      <dl className="facts" data-testid="facts-primary">
        <Row term="Site">{siteText(primary.siteCode)}</Row>
        {primary.topographyCode ? <Row term="Topography (ICD-O-3)">{primary.topographyCode}</Row> : null}
        <Row term="Histology">{histology || 'not recorded'}</Row>
        {isPairedOrganSite(primary.siteCode) ? (
          <Row term="Laterality">{primary.laterality ? codeLabel(primary.laterality) : 'not stated'}</Row>
        ) : null}
        <Row term="Diagnosed">{orNot(primary.diagnosisDate)}</Row>
      </dl>
      <Heading>Staging</Heading>
      <dl className="facts" data-testid="facts-staging">
        <Row term="Clinical (TNM)">{staging.clinical ? tnmText(staging.clinical, 'c') : 'not recorded'}</Row>
        <Row term="Pathological (TNM)">
          {staging.pathological ? tnmText(staging.pathological, 'p') : 'not recorded'}
        </Row>
        <Row term="Stage group">{staging.stageGroup ? `Stage ${staging.stageGroup}` : 'not recorded'}</Row>
        {staging.edition ? <Row term="Edition">{staging.edition}</Row> : null}
        {lastImagingDate !== undefined ? <Row term="Last imaging">{orNot(lastImagingDate)}</Row> : null}
        <Row term="Distant metastases">
          {core.metastases.length === 0
            ? 'none recorded'
            : core.metastases
                .map(
                  (metastasis) =>
                    `${codeLabel(metastasis.site)} (${metastasis.count}, ${metastasis.resectability ? codeLabel(metastasis.resectability).toLowerCase() : 'resectability not called'})`,
                )
                .join('; ')}
        </Row>
      </dl>
      <Heading>Patient condition</Heading>
      <dl className="facts" data-testid="facts-condition">
        <Row term="Age">{orNot(condition.ageYears, ' years')}</Row>
        <Row term="ECOG">
          {condition.ecog === null ? 'not recorded' : `${condition.ecog}: ${ECOG_LABELS[condition.ecog]}`}
        </Row>
        <Row term="Fit for intensive treatment">
          {condition.fitForIntensiveTreatment === null
            ? 'not assessed'
            : condition.fitForIntensiveTreatment
              ? 'yes'
              : 'no'}
        </Row>
        <Row term="Creatinine clearance">{orNot(condition.creatinineClearanceMlMin, ' ml/min')}</Row>
        <Row term="Comorbidities">
          {condition.comorbidities.length === 0
            ? 'none recorded'
            : condition.comorbidities.map((item) => (item.code ? `${item.text} (${item.code})` : item.text)).join('; ')}
        </Row>
        <Row term="Symptoms">
          {[...condition.symptoms.map(codeLabel), condition.symptomNotes].filter(Boolean).join('; ') || 'none recorded'}
        </Row>
        <Row term="Preferences">{preferences.join('; ') || 'none recorded'}</Row>
      </dl>
      <Heading>Biomarkers</Heading>
      {core.biomarkers.length === 0 ? (
        <p data-testid="facts-biomarkers">None tested.</p>
      ) : (
        <ul className="biomarkers" data-testid="facts-biomarkers">
          {core.biomarkers.map((result, index) => (
            <li key={`${result.marker}-${index}`}>
              <strong>{knownBiomarker(result.marker)?.label ?? result.marker}</strong>: {result.result}
              {result.variant ? ` (${result.variant})` : ''}
              {[result.method, result.date].some(Boolean) ? (
                <span className="muted"> ({[result.method, result.date].filter(Boolean).join(', ')})</span>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <Heading>Pathway</Heading>
      <p data-testid="facts-pathway">
        {pathway ? `${pathway.title} (version ${pathway.version})` : 'No pathway: the board authors the plan.'}
      </p>
      {specs.length > 0 ? (
        <dl className="facts" data-testid="facts-pathway-facts">
          {specs.map((spec) => (
            <Row key={spec.field} term={spec.label}>
              {extraFactText(extra[spec.field])}
            </Row>
          ))}
        </dl>
      ) : null}
    </div>
  );
}
