import { useState, type FormEvent } from 'react';
import { api, ApiError, refusalOf, type BodyOf } from '../../../api';
import { placeErrors } from '../../../components/form/field-errors';
import type { Meeting, Tally } from '../../../types';
import { signOffMissing } from '../tally-messages';
import type { RecommendationDetail } from '../types';

/**
 * The chair's sign-off: the deviation reason and text (asked for only when the proposal departs
 * from the pathway's primary branch), what is still missing, and `submit`, which POSTs the
 * sign-off and places each refusal on its field.
 */
export function useSignOff(
  recommendation: RecommendationDetail,
  draftBranch: string | null,
  tally: Tally | null,
  meeting: Meeting,
  onSignedOff: () => void,
) {
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [refusal, setRefusal] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<string, string>>>({});
  const [busy, setBusy] = useState(false);
  const proposedBranch = recommendation.proposedPlan?.branch ?? null;
  // A board-authored plan (no pathway) has no branch to depart from.
  const deviates = draftBranch !== null && proposedBranch !== null && proposedBranch !== draftBranch;
  const missing = signOffMissing(recommendation, tally, meeting);
  if (deviates && !reason) missing.push('a deviation reason: the proposal departs from the pathway');
  if (deviates && reason === 'OTHER' && !text.trim()) missing.push('the explanation of the deviation');

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setRefusal(null);
    setFieldErrors({});
    try {
      const body =
        deviates && reason
          ? { deviationReason: reason, ...(reason === 'OTHER' || text.trim() ? { deviationText: text.trim() } : {}) }
          : {};
      await api('POST', '/recommendations/{id}/sign-off', {
        path: { id: recommendation.id },
        body: body as BodyOf<'POST', '/recommendations/{id}/sign-off'>,
      });
      onSignedOff();
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(
          caught.errors,
          deviates ? ['deviationReason', ...(reason === 'OTHER' ? ['deviationText'] : [])] : [],
        );
        setFieldErrors(placed);
        setRefusal(rest.length > 0 ? rest.join('; ') : null);
      } else {
        setRefusal(refusalOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  return { reason, setReason, text, setText, refusal, fieldErrors, busy, proposedBranch, deviates, missing, submit };
}
