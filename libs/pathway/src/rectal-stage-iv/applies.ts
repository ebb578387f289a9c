/** When the rectal stage IV pathway applies to a case (site, histology, stage). */
import { hasDistantMetastases, type CaseCore } from '../core/case-core';
import type { Applicability } from '../core/registry';
import { COLORECTAL_ADENOCARCINOMA_MORPHOLOGIES } from '../core/vocabulary';

/** ICD-10 C20: malignant neoplasm of the rectum (the rectosigmoid junction, C19, is not included). */
export const RECTUM_SITE_CODE = 'C20';

/**
 * Applies to adenocarcinoma of the rectum (ICD-10 C20; WHO 2019 colorectal adenocarcinoma
 * morphologies) with distant metastases (any M1: stage IV). Source: the seed's title and scope
 * ("stage IV rectal cancer", ESMO Rectal Cancer CPG 2017 on rectal adenocarcinoma).
 */
export function rectalStageIvApplies(core: CaseCore): Applicability {
  const { siteCode, morphologyCode } = core.primary;
  if (siteCode !== RECTUM_SITE_CODE && !siteCode.startsWith(`${RECTUM_SITE_CODE}.`)) {
    return { applies: false, reason: `primary site ${siteCode} is not the rectum (${RECTUM_SITE_CODE})` };
  }
  if (morphologyCode === null) return { applies: false, reason: 'histology is not recorded yet' };
  if (!(COLORECTAL_ADENOCARCINOMA_MORPHOLOGIES as readonly string[]).includes(morphologyCode)) {
    return { applies: false, reason: `histology ${morphologyCode} is not an adenocarcinoma` };
  }
  if (!hasDistantMetastases(core.staging))
    return { applies: false, reason: 'no distant metastases (M1) recorded: not stage IV' };
  return { applies: true };
}
