/** Findings about stents. */
import { CITATIONS } from '../citations';
import { LOW_TUMOUR_CM } from '../steps';
import { finding, type FindingRule } from './context';

/**
 * STENT_LOW_TUMOUR (warn): stent for a tumour < 5 cm from the anal verge.
 * Source: seed § Palliative Management ("may be difficult for lower tumors as patients often cannot tolerate them").
 */
export const STENT_LOW_TUMOUR: FindingRule = {
  code: 'STENT_LOW_TUMOUR',
  citation: CITATIONS.STENT_LOW_TUMOUR,
  scope: 'plan',
  evaluate({ facts, procedures }) {
    const distance = facts.distanceFromAnalVergeCm;
    if (distance === null || distance >= LOW_TUMOUR_CM) return [];
    return procedures
      .filter((p) => p.event.procedure === 'stent')
      .map((p) =>
        finding(
          'STENT_LOW_TUMOUR',
          'warn',
          `Stent for a tumour ${distance} cm from the anal verge (< 5 cm: difficult, often not tolerated).`,
          CITATIONS.STENT_LOW_TUMOUR,
          [p.ref],
        ),
      );
  },
};

/**
 * STENT_WITH_BEVACIZUMAB (warn): a stent with bevacizumab planned (any date, either order).
 * Source: [update: ESGE colonic stenting guideline 2020].
 */
export const STENT_WITH_BEVACIZUMAB: FindingRule = {
  code: 'STENT_WITH_BEVACIZUMAB',
  citation: CITATIONS.STENT_BEVACIZUMAB,
  scope: 'plan',
  evaluate({ procedures, bevacizumabDoses, regimenSources }) {
    const bevacizumabRefs = [
      ...new Set([
        ...bevacizumabDoses.map((d) => d.ref),
        ...regimenSources.filter((s) => s.regimens.includes('BEVACIZUMAB')).map((s) => s.ref),
      ]),
    ];
    if (bevacizumabRefs.length === 0) return [];
    return procedures
      .filter((p) => p.event.procedure === 'stent')
      .map((p) =>
        finding(
          'STENT_WITH_BEVACIZUMAB',
          'warn',
          'Stent with bevacizumab planned (perforation risk).',
          CITATIONS.STENT_BEVACIZUMAB,
          [p.ref, ...bevacizumabRefs],
        ),
      );
  },
};
