/** When the colon stage I-III pathway applies to a case (site, histology, stage). */
import { isStatedM0, type CaseCore } from '../core/case-core';
import type { Applicability } from '../core/registry';
import { COLORECTAL_ADENOCARCINOMA_MORPHOLOGIES } from '../core/vocabulary';

/** ICD-10 C18.x (colon) and C19 (rectosigmoid junction, counted as colon here). */
const COLON_SITE_PATTERN = /^(C18(\.\d)?|C19(\.\d)?)$/;

/**
 * Applies to adenocarcinoma (the WHO 2019 colorectal adenocarcinoma morphologies, as for the
 * rectal pathway) of the colon or rectosigmoid junction, stated M0, resected (pTNM) or with
 * resection planned (cTNM only). Source: PATHWAY-COLON.md "Applies when"; ESMO 2020 scope.
 */
export function colonStageIIIIApplies(core: CaseCore): Applicability {
  const { siteCode, morphologyCode } = core.primary;
  if (!COLON_SITE_PATTERN.test(siteCode))
    return {
      applies: false,
      reason: `primary site ${siteCode} is not the colon (C18.x) or rectosigmoid junction (C19)`,
    };
  if (morphologyCode === null) return { applies: false, reason: 'histology is not recorded yet' };
  if (!(COLORECTAL_ADENOCARCINOMA_MORPHOLOGIES as readonly string[]).includes(morphologyCode)) {
    return { applies: false, reason: `histology ${morphologyCode} is not an adenocarcinoma` };
  }
  if (!isStatedM0(core.staging))
    return { applies: false, reason: 'not stated M0: stage I-III needs M0 (distant metastases are stage IV)' };
  return { applies: true };
}
