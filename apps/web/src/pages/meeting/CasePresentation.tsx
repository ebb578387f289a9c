import type { ReactNode } from 'react';
import type { AgendaEntry, CaseDetail } from '../../types';

/**
 * What the presenter shows the board about a case, in the order of a case presentation: the
 * question, the disease (staging, metastases), the patient (performance status, comorbidities,
 * preferences), histology and biomarkers, imaging, prior treatment. It takes the case DTO's
 * fields only; the facts part is the one place that reads the facts' shape.
 */
export type PresentedCase = Pick<CaseDetail, 'reference' | 'patientName' | 'mrn' | 'birthDate' | 'questionForBoard' | 'lastImagingDate' | 'facts'>;

type Facts = Record<string, unknown>;

/** An agenda entry as the case DTO's fields that the presentation reads. */
export function presentedOf(entry: AgendaEntry): PresentedCase {
  return {
    reference: entry.case.reference,
    patientName: entry.patient.name,
    mrn: entry.patient.mrn,
    birthDate: entry.patient.birthDate,
    questionForBoard: entry.case.questionForBoard,
    lastImagingDate: entry.case.lastImagingDate,
    facts: entry.facts as unknown as PresentedCase['facts'],
  };
}

const MUTATION: Record<string, string> = { 'wild-type': 'wild type', mutant: 'mutant', unknown: 'not known', V600E: 'V600E mutant', other: 'other mutation' };
const SITE: Record<string, string> = { liver: 'Liver', lung: 'Lung', peritoneum: 'Peritoneum', 'distant-nodes': 'Distant lymph nodes', bone: 'Bone', other: 'Other site' };
const RESECTABILITY: Record<string, string> = { resectable: 'resectable', 'potentially-resectable': 'potentially resectable', unresectable: 'unresectable' };

const text = (value: unknown): string | null => (value === null || value === undefined || value === '' ? null : String(value));
const yesNo = (value: unknown): string | null => (typeof value === 'boolean' ? (value ? 'yes' : 'no') : null);
const object = (value: unknown): Facts => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Facts) : {});
const formatDay = (iso: string): string => new Date(`${iso}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** Rows of label and value; a row without a value is left out. */
function Rows({ rows }: { rows: [string, string | null][] }): ReactNode {
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  if (shown.length === 0) return <p className="muted">Not recorded.</p>;
  return (
    <dl className="facts">
      {shown.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The TNM stage as clinicians write it (cT3 N1 M1a). */
function stageOf(facts: Facts): string | null {
  const parts = [facts.tCategory, facts.nCategory, facts.mCategory].map(text);
  if (parts.every((part) => part === null)) return null;
  return `c${parts.map((part) => part ?? '?').join(' ')}`;
}

function metastasesOf(facts: Facts): string | null {
  const list = Array.isArray(facts.metastases) ? (facts.metastases as Facts[]) : [];
  if (list.length === 0) return facts.mCategory === 'M0' ? 'none' : null;
  return list
    .map((metastasis) => {
      const site = SITE[String(metastasis.site)] ?? text(metastasis.site) ?? 'Site not given';
      const count = typeof metastasis.count === 'number' ? ` (${metastasis.count})` : '';
      const resectability = text(metastasis.resectability);
      return `${site}${count}, ${resectability ? (RESECTABILITY[resectability] ?? resectability) : 'resectability not yet called'}`;
    })
    .join('; ');
}

export function CasePresentation({ presented, large = false, headingLevel = 3 }: { presented: PresentedCase; large?: boolean; headingLevel?: 2 | 3 }): ReactNode {
  const facts = presented.facts as unknown as Facts;
  const biomarkers = object(facts.biomarkers);
  const preferences = object(facts.preferences);
  const symptoms = object(facts.symptoms);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const comorbidities = Array.isArray(facts.comorbidities) ? (facts.comorbidities as unknown[]).map(String) : [];
  const symptomList = [symptoms.bleeding ? 'bleeding' : null, symptoms.obstruction ? 'obstruction' : null, symptoms.pain ? 'pain' : null].filter(Boolean);
  const declines = [preferences.declinesMajorSurgery ? 'major surgery' : null, preferences.declinesRadiotherapy ? 'radiotherapy' : null].filter(Boolean);

  return (
    <section className={large ? 'presentation presentation-large' : 'presentation'} aria-label={`Presentation of ${presented.reference}`} data-testid="case-presentation">
      <p className="question" data-testid="presentation-question">
        <strong>Question for the board:</strong> {presented.questionForBoard ?? 'none recorded.'}
      </p>
      <div className="presentation-grid">
        <div>
          <Heading>Disease</Heading>
          <Rows
            rows={[
              ['Clinical stage', stageOf(facts)],
              ['Distance from anal verge', typeof facts.distanceFromAnalVergeCm === 'number' ? `${facts.distanceFromAnalVergeCm} cm` : null],
              ['Mesorectal fascia threatened', yesNo(facts.mesorectalFasciaThreatened)],
              ['Metastases', metastasesOf(facts)],
              ['Symptoms', symptomList.length ? symptomList.join(', ') : null],
            ]}
          />
        </div>
        <div>
          <Heading>Patient</Heading>
          <Rows
            rows={[
              ['Patient', `${presented.patientName}, MRN ${presented.mrn}`],
              ['Born', formatDay(presented.birthDate)],
              ['Age at referral', typeof facts.ageYears === 'number' ? `${facts.ageYears} years` : null],
              ['ECOG performance status', text(facts.ecog)],
              ['Fit for intensive treatment', yesNo(facts.fitForIntensiveTreatment)],
              ['Comorbidities', comorbidities.length ? comorbidities.join(', ') : 'none recorded'],
              ['Creatinine clearance', typeof facts.creatinineClearanceMlMin === 'number' ? `${facts.creatinineClearanceMlMin} mL/min` : null],
              ['Declines', declines.length ? declines.join(', ') : null],
              ['Preferences', text(preferences.notes)],
            ]}
          />
        </div>
        <div>
          <Heading>Histology and biomarkers</Heading>
          <Rows
            rows={[
              ['Mismatch repair', text(biomarkers.mmr) === 'unknown' ? 'not known' : text(biomarkers.mmr)],
              ['KRAS', biomarkers.kras ? `${MUTATION[String(biomarkers.kras)] ?? String(biomarkers.kras)}${biomarkers.krasVariant ? ` (${String(biomarkers.krasVariant)})` : ''}` : null],
              ['NRAS', biomarkers.nras ? (MUTATION[String(biomarkers.nras)] ?? String(biomarkers.nras)) : null],
              ['BRAF', biomarkers.braf ? (MUTATION[String(biomarkers.braf)] ?? String(biomarkers.braf)) : null],
              ['HER2', text(biomarkers.her2) === 'unknown' ? 'not known' : text(biomarkers.her2)],
              ['DPD', text(biomarkers.dpd) === 'unknown' ? 'not known' : (text(biomarkers.dpd)?.replace('-', ' ') ?? null)],
            ]}
          />
        </div>
        <div>
          <Heading>Imaging and prior treatment</Heading>
          <Rows
            rows={[
              ['Last imaging', presented.lastImagingDate ? formatDay(presented.lastImagingDate) : 'not recorded'],
              ['Prior treatment', text(facts.priorTreatment) ?? 'none recorded'],
            ]}
          />
        </div>
      </div>
    </section>
  );
}
