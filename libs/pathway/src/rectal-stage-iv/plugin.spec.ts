import type { CaseCore } from '../core/case-core';
import { commonReadiness, caseReadiness, type CaseWorkflowFacts } from '../core/readiness';
import { coreFromRectalFacts } from './adapter';
import { rectalStageIvApplies } from './applies';
import type { CaseFacts } from './facts';
import { rectalReadiness } from './readiness';
import { resectableFacts, withBiomarkers } from './testing/fixtures';

const stageIv = coreFromRectalFacts(resectableFacts()).core;
const primary = (patch: Partial<CaseCore['primary']>): CaseCore => ({
  ...stageIv,
  primary: { ...stageIv.primary, ...patch },
});

describe(rectalStageIvApplies.name, () => {
  it.each([
    ['rectal adenocarcinoma, M1a', stageIv, { applies: true }],
    ['mucinous adenocarcinoma of the rectum', primary({ morphologyCode: '8480/3' }), { applies: true }],
    [
      'sigmoid colon',
      primary({ siteCode: 'C18.7' }),
      { applies: false, reason: 'primary site C18.7 is not the rectum (C20)' },
    ],
    [
      'rectosigmoid junction',
      primary({ siteCode: 'C19' }),
      { applies: false, reason: 'primary site C19 is not the rectum (C20)' },
    ],
    [
      'squamous cell carcinoma',
      primary({ morphologyCode: '8070/3' }),
      { applies: false, reason: 'histology 8070/3 is not an adenocarcinoma' },
    ],
    [
      'no histology yet',
      primary({ morphologyCode: null }),
      { applies: false, reason: 'histology is not recorded yet' },
    ],
    [
      'stage III (cM0)',
      {
        ...stageIv,
        metastases: [],
        staging: { ...stageIv.staging, clinical: { t: 'T3', n: 'N1', m: 'M0', afterTherapy: false } },
      } as CaseCore,
      { applies: false, reason: 'no distant metastases (M1) recorded: not stage IV' },
    ],
    [
      'not staged',
      { ...stageIv, staging: { edition: null, clinical: null, pathological: null, stageGroup: null } },
      { applies: false, reason: 'no distant metastases (M1) recorded: not stage IV' },
    ],
  ])('%s', (_name, core, expected) => {
    expect(rectalStageIvApplies(core)).toEqual(expected);
  });
});

/** The same cases as apps/api/src/cases/readiness.spec.ts, through the core and the plug-in. */
describe('readiness: common checks + rectal plug-in', () => {
  const complete = withBiomarkers(
    { kras: 'wild-type', nras: 'wild-type', braf: 'wild-type', mmr: 'pMMR', dpd: 'normal' },
    resectableFacts({ ecog: 1 }),
  );
  const workflow: CaseWorkflowFacts = { lastImagingDate: '2026-11-01', questionForBoard: 'SCRT first?' };
  const readiness = (facts: CaseFacts, flow: CaseWorkflowFacts = workflow) => {
    const { core } = coreFromRectalFacts(facts);
    return caseReadiness(commonReadiness(core, flow), rectalReadiness(core));
  };

  it('is ready when nothing is missing', () => {
    expect(readiness(complete)).toEqual({ ready: true, missing: [] });
  });

  it.each([
    ['MMR unknown', withBiomarkers({ mmr: 'unknown' }, complete), workflow, 'MMR_UNKNOWN'],
    ['KRAS unknown', withBiomarkers({ kras: 'unknown' }, complete), workflow, 'RAS_UNKNOWN'],
    ['NRAS unknown', withBiomarkers({ nras: 'unknown' }, complete), workflow, 'RAS_UNKNOWN'],
    ['BRAF unknown', withBiomarkers({ braf: 'unknown' }, complete), workflow, 'BRAF_UNKNOWN'],
    ['DPD unknown', withBiomarkers({ dpd: 'unknown' }, complete), workflow, 'DPD_UNKNOWN'],
    ['ECOG missing', { ...complete, ecog: null }, workflow, 'ECOG_MISSING'],
    [
      'a metastasis without the resectability call',
      { ...complete, metastases: [{ site: 'liver', count: 2, resectability: null }] },
      workflow,
      'RESECTABILITY_MISSING',
    ],
    ['no imaging date', complete, { ...workflow, lastImagingDate: null }, 'IMAGING_DATE_MISSING'],
    ['a blank question', complete, { ...workflow, questionForBoard: '  ' }, 'QUESTION_MISSING'],
  ] as [string, CaseFacts, CaseWorkflowFacts, string][])('flags %s', (_name, facts, flow, code) => {
    const result = readiness(facts, flow);
    expect(result.ready).toBe(false);
    expect(result.missing.map((item) => item.code)).toEqual([code]);
  });

  it('flags a BRAF mutation of unknown variant as BRAF unknown (the branch cannot be chosen yet)', () => {
    const { core } = coreFromRectalFacts(complete);
    const withBraf = {
      ...core,
      biomarkers: core.biomarkers.map((b) => (b.marker === 'BRAF' ? { ...b, result: 'mutant' } : b)),
    };
    expect(rectalReadiness(withBraf).map((item) => item.code)).toEqual(['BRAF_UNKNOWN']);
  });
});

describe(commonReadiness.name, () => {
  const workflow: CaseWorkflowFacts = { lastImagingDate: '2026-11-01', questionForBoard: 'Adjuvant therapy?' };
  it.each([
    ['no histology', primary({ morphologyCode: null }), ['HISTOLOGY_MISSING']],
    [
      'no TNM',
      { ...stageIv, staging: { edition: null, clinical: null, pathological: null, stageGroup: null } },
      ['STAGING_MISSING'],
    ],
    [
      'pathological TNM only',
      {
        ...stageIv,
        staging: {
          ...stageIv.staging,
          clinical: null,
          pathological: { t: 'T3', n: 'N0', m: 'M1a', afterTherapy: false },
        },
      } as CaseCore,
      [],
    ],
  ])('%s', (_name, core, codes) => {
    expect(commonReadiness(core, workflow).map((item) => item.code)).toEqual(codes);
  });

  it('makes a case without pathway ready on the common checks alone', () => {
    const lung: CaseCore = {
      ...primary({ siteCode: 'C34.1', laterality: 'left' }),
      metastases: [],
      biomarkers: [],
      staging: {
        edition: 'UICC-8',
        clinical: { t: 'T2a', n: 'N0', m: 'M0', afterTherapy: false },
        pathological: null,
        stageGroup: 'IB',
      },
    };
    expect(caseReadiness(commonReadiness(lung, workflow))).toEqual({ ready: true, missing: [] });
    expect(
      caseReadiness(commonReadiness({ ...lung, condition: { ...lung.condition, ecog: null } }, workflow)).ready,
    ).toBe(false);
  });

  it('names the field of each missing item', () => {
    const core = { ...primary({ morphologyCode: null }), condition: { ...stageIv.condition, ecog: null } };
    expect(commonReadiness(core, { lastImagingDate: null, questionForBoard: null }).map((item) => item.field)).toEqual([
      'core.primary.morphologyCode',
      'core.condition.ecog',
      'lastImagingDate',
      'questionForBoard',
    ]);
  });
});
