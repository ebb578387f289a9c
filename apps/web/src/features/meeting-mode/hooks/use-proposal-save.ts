import { useState } from 'react';
import { api, ApiError, refusalOf, type BodyOf } from '../../../api';
import { placeErrors } from '../../../components/form/field-errors';
import { PROPOSAL_FIELDS, type ProposalField } from '../proposal-form';
import type { PlanEditorProps, Proposal, RecommendationDetail } from '../types';
import type { useEditedVersion } from './edited-version';

/** The form's values as typed: steps one per line, texts untrimmed. */
export interface ProposalValues {
  meetingId: string;
  branch: string;
  intent: string;
  steps: string;
  regimens: string[];
  rationale: string;
  delayReason: string;
}

/**
 * Saving the board's proposal under the edited version's ETag (steps split by line, texts trimmed): a 412 reloads with a notice, a 400
 * places each error on its field (focusing the first, `${id}-${field}`), anything else is `failure`.
 */
export function useProposalSave(
  id: string,
  recommendation: RecommendationDetail,
  edited: ReturnType<typeof useEditedVersion>,
  { onSaved, onStale }: Pick<PlanEditorProps, 'onSaved' | 'onStale'>,
) {
  const [errors, setErrors] = useState<Partial<Record<ProposalField, string>>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const save = async (values: ProposalValues): Promise<void> => {
    setBusy(true);
    setErrors({});
    setFailure(null);
    const body: Proposal = {
      meetingId: values.meetingId,
      branch: values.branch,
      intent: values.intent,
      steps: values.steps
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
      regimens: values.regimens,
      rationale: values.rationale.trim(),
      ...(values.delayReason.trim() ? { systemicDelayReason: values.delayReason.trim() } : {}),
    };
    try {
      // The form may hold values the API refuses (no intent yet): it answers 400 naming the field.
      const saved = (await api('PUT', '/recommendations/{id}/proposal', {
        path: { id: recommendation.id },
        body: body as BodyOf<'PUT', '/recommendations/{id}/proposal'>,
        headers: edited.ifMatch(),
      })) as RecommendationDetail;
      edited.markClean();
      onSaved(saved, recommendation.round);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 412) {
        edited.markClean();
        onStale(
          'Not saved: someone else changed this plan while you were editing it. The form now shows their version; apply your change again if it is still needed.',
        );
      } else if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(caught.errors, PROPOSAL_FIELDS);
        setErrors(placed);
        setFailure(rest.length > 0 ? rest.join('; ') : null);
        const first = PROPOSAL_FIELDS.find((field) => placed[field]);
        if (first) document.getElementById(`${id}-${first}`)?.focus();
      } else {
        setFailure(refusalOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  return { errors, failure, busy, save };
}
