import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle } from '@medplum/fhirtypes';
import { PATHWAYS, validateCaseIntake } from '@consilium/pathway';
import { mapBundle, sourceOf } from './fhir-import.mapper';
import { fhirErrors } from './fhir-validator';

const fixture = (name: string): Bundle =>
  JSON.parse(readFileSync(join(__dirname, '../../../../test/fixtures/fhir', name), 'utf8')) as Bundle;
const withAge = (core: Record<string, unknown>) => ({
  ...core,
  condition: { ...(core['condition'] as object), ageYears: 65 },
});

describe('mapBundle', () => {
  it.each(['colon-stage-iii.json', 'lung-egfr.json'])(
    '%s is valid FHIR R4 and maps to a core the pathway library accepts',
    (name) => {
      const bundle = fixture(name);
      expect(fhirErrors(bundle)).toEqual([]);
      const mapped = mapBundle(bundle);
      if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
      const intake = validateCaseIntake({ core: withAge(mapped.value.core), pathwayFacts: null }, PATHWAYS);
      expect(intake.ok ? [] : intake.problems).toEqual([]);
    },
  );

  it('reads the colon stage III bundle: patient, primary, pTNM, stage, ECOG, markers, comorbidity; lists what it cannot map', () => {
    const mapped = mapBundle(fixture('colon-stage-iii.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    const { patient, core, unmapped } = mapped.value;
    expect(patient).toEqual({
      mrn: 'SYN-COLON-0001',
      familyName: 'Testperson',
      givenName: 'Clara',
      birthDate: '1958-03-14',
      sex: 'FEMALE',
    });
    expect(core).toMatchObject({
      primary: {
        siteCode: 'C18.7',
        topographyCode: 'C18.7',
        morphologyCode: '8140/3',
        histologyText: 'adenocarcinoma, moderately differentiated',
        laterality: null,
        diagnosisDate: '2026-09-02',
      },
      staging: {
        edition: 'UICC-8',
        clinical: null,
        pathological: { t: 'T3', n: 'N1b', m: 'M0', afterTherapy: false },
        stageGroup: 'IIIB',
      },
      metastases: [],
      condition: { ecog: 0, comorbidities: [{ code: 'I10', text: 'Essential hypertension' }] },
    });
    expect(
      (core['biomarkers'] as { marker: string; result: string }[]).map((marker) => `${marker.marker}=${marker.result}`),
    ).toEqual(['KRAS=wild-type', 'NRAS=wild-type', 'BRAF=wild-type', 'MSI=MSS', 'MMR=pMMR']);
    expect(unmapped.map((issue) => issue.expression).sort()).toEqual([
      'Bundle.entry[0].resource.address',
      'Bundle.entry[1].resource.code.coding[1]',
    ]);
  });

  it('reads laterality, the EGFR variant and a PD-L1 percentage from the lung bundle, and lists the MedicationStatement', () => {
    const mapped = mapBundle(fixture('lung-egfr.json'));
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    expect(mapped.value.core['primary']).toMatchObject({ siteCode: 'C34.1', laterality: 'right' });
    expect(mapped.value.core['staging']).toMatchObject({
      clinical: { t: 'T2a', n: 'N2', m: 'M0', afterTherapy: false },
      pathological: null,
      stageGroup: 'IIIA',
    });
    expect(mapped.value.core['biomarkers']).toEqual([
      { marker: 'EGFR', result: 'mutant', variant: 'exon 19 deletion', method: 'NGS', date: '2026-10-25' },
      { marker: 'ALK', result: 'negative', variant: null, method: 'FISH', date: '2026-10-25' },
      { marker: 'PDL1_TPS', result: '30%', variant: null, method: 'IHC', date: '2026-10-25' },
    ]);
    expect(mapped.value.unmapped).toEqual([
      { expression: 'Bundle.entry[11].resource', message: 'MedicationStatement is not mapped to the case' },
    ]);
  });

  it('refuses a bundle without a patient MRN or a primary cancer, naming the element', () => {
    const bundle = fixture('colon-stage-iii.json');
    const entries = bundle.entry!.filter(
      (entry) =>
        entry.resource?.resourceType !== 'Condition' || entry.resource.meta?.profile?.[0]?.endsWith('comorbidities'),
    );
    const patient = entries[0]!.resource as { identifier?: unknown };
    delete patient.identifier;
    const mapped = mapBundle({ ...bundle, entry: entries });
    expect(mapped.ok ? [] : mapped.errors.map((issue) => issue.expression)).toEqual([
      'Bundle.entry[0].resource.identifier',
      'Bundle.entry',
    ]);
  });

  it('reads ypTNM (y prefix) and arabic stage groups, and reports an unknown observation and a second stage group', () => {
    const bundle = fixture('colon-stage-iii.json');
    const observations = bundle.entry!.filter((entry) => entry.resource?.resourceType === 'Observation');
    const tumor = observations[0]!.resource as { valueCodeableConcept: { coding: { code: string }[] } };
    tumor.valueCodeableConcept.coding[0]!.code = 'ypT2';
    const group = observations[3]!.resource as { valueCodeableConcept: { coding: { code: string }[] } };
    group.valueCodeableConcept.coding[0]!.code = '3B';
    bundle.entry!.push({ resource: { ...(group as object), resourceType: 'Observation' } as never });
    bundle.entry!.push({
      resource: {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code: '2160-0' }] },
        valueQuantity: { value: 1 },
      },
    });
    const mapped = mapBundle(bundle);
    if (!mapped.ok) throw new Error(JSON.stringify(mapped.errors));
    expect(mapped.value.core['staging']).toMatchObject({
      pathological: { t: 'T2', n: 'N1b', m: 'M0', afterTherapy: true },
      stageGroup: 'IIIB',
    });
    const last = bundle.entry!.length - 1;
    expect(mapped.value.unmapped.map((issue) => issue.expression)).toEqual(
      expect.arrayContaining([`Bundle.entry[${last - 1}].resource`, `Bundle.entry[${last}].resource`]),
    );
  });

  it('names the FHIR element behind a core problem', () => {
    const sources = {
      'core.staging.pathological.t': 'Bundle.entry[2].resource.valueCodeableConcept',
      'core.biomarkers[1]': 'Bundle.entry[8].resource',
    };
    expect(sourceOf(sources, 'core.staging.pathological.t')).toBe('Bundle.entry[2].resource.valueCodeableConcept');
    expect(sourceOf(sources, 'core.biomarkers[1].result')).toBe('Bundle.entry[8].resource');
    expect(sourceOf(sources, 'core.primary.siteCode')).toBeUndefined();
  });
});
