import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api';
import { refusalOfSave } from './save-case';

const shown = new Set(['mrn', 'core.primary.siteCode']);

describe('refusalOfSave', () => {
  it('says the case is stale when someone saved first (412)', () => {
    expect(refusalOfSave(new ApiError(412, 'Precondition failed'), shown)).toEqual({ stale: true });
  });

  it('puts field errors beside their fields and counts them in the message', () => {
    const refusal = refusalOfSave(
      new ApiError(400, 'Bad request', [
        { field: 'mrn', message: 'mrn must be 3-40 characters' },
        { field: 'core.primary.siteCode', message: 'unknown site' },
      ]),
      shown,
    );
    expect(refusal).toEqual({
      stale: false,
      byField: { mrn: ['mrn must be 3-40 characters'], 'core.primary.siteCode': ['unknown site'] },
      message: 'Please correct the 2 fields marked below.',
    });
  });

  it('says the errors no field shows in the message', () => {
    expect(
      refusalOfSave(new ApiError(400, 'Bad request', [{ field: 'boardId', message: 'board unknown' }]), shown),
    ).toEqual({ stale: false, byField: {}, message: 'board unknown' });
  });
});
