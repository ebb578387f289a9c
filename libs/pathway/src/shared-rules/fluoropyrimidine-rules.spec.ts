import {
  capecitabineLowCrcl,
  fluoropyrimidineWithoutDpd,
  type DpdTestStatus,
  type DrugSource,
} from './fluoropyrimidine-rules';

const fp: DrugSource = { ref: 'c1', fluoropyrimidine: true, capecitabine: false };
const cape: DrugSource = { ref: 'c2', fluoropyrimidine: true, capecitabine: true };
const none: DrugSource = { ref: 'x', fluoropyrimidine: false, capecitabine: false };

describe(fluoropyrimidineWithoutDpd.name, () => {
  it.each<[DpdTestStatus, number]>([
    ['unknown', 2],
    ['complete-deficiency', 2],
    ['partial-deficiency', 0],
    ['normal', 0],
  ])('DPD %s -> %i block(s) over two fluoropyrimidine sources', (dpd, count) => {
    const found = fluoropyrimidineWithoutDpd(dpd, [fp, none, cape]);
    expect(found).toHaveLength(count);
    for (const f of found) expect(f).toMatchObject({ severity: 'block', code: 'FLUOROPYRIMIDINE_WITHOUT_DPD' });
    if (count > 0) expect(found.map((f) => f.eventIds)).toEqual([['c1'], ['c2']]);
  });
});

describe(capecitabineLowCrcl.name, () => {
  it.each<[number | null, number]>([
    [29, 1],
    [29.9, 1],
    [30, 0],
    [null, 0],
  ])('CrCl %p -> %i warning(s)', (crcl, count) => {
    const found = capecitabineLowCrcl(crcl, [fp, cape, none]);
    expect(found).toHaveLength(count);
    if (count > 0) expect(found[0]).toMatchObject({ severity: 'warn', eventIds: ['c2'] });
  });
});
