import { useEffect, useRef, useState, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { ErrorMessage, formatDateTime } from '../../../components';
import { checkProof, type ProofCheckResult } from '../proof';
import type { InclusionProof } from '../../../types';

/** An event's inclusion proof, checked in this browser (Web Crypto) before it says "verified". */
export function ProofView({
  eventId,
  label,
  onClose,
}: {
  eventId: string;
  label: string;
  onClose: () => void;
}): ReactNode {
  const [proof, setProof] = useState<InclusionProof | null>(null);
  const [check, setCheck] = useState<ProofCheckResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  useEffect(() => {
    let live = true;
    setError(null);
    api('GET', '/audit/events/{id}/proof', { path: { id: eventId } })
      .then(async (loaded) => {
        if (!live) return;
        setProof(loaded);
        const result = await checkProof(loaded);
        if (live) setCheck(result);
      })
      .catch(
        (caught: unknown) =>
          live &&
          setError(
            caught instanceof ApiError && caught.status === 409
              ? 'This event is not sealed into the log yet; retry in a few seconds.'
              : messageOf(caught),
          ),
      );
    return () => {
      live = false;
    };
  }, [eventId, attempt]);

  return (
    <section className="proof" aria-labelledby="proof-heading" data-testid="proof">
      <h2 id="proof-heading" tabIndex={-1} ref={heading}>
        Inclusion proof of {label}
      </h2>
      <ErrorMessage error={error} />
      {error ? (
        <button type="button" className="secondary" onClick={() => setAttempt((value) => value + 1)}>
          Retry
        </button>
      ) : null}
      {proof ? (
        <>
          <div role="status" data-testid="proof-result">
            {check === null ? (
              <p>Checking the proof in this browser…</p>
            ) : check.ok ? (
              <p className="ok total">
                <span aria-hidden="true">✓ </span>Proof verified: the event hashes to leaf {proof.leafIndex}, its audit
                path leads to the root of the checkpoint of tree size {proof.treeSize}
                {check.signatureChecked
                  ? `, and the checkpoint's Ed25519 signature is valid for key ${check.keyId ?? ''}.`
                  : '. This browser cannot check Ed25519 signatures: verify the checkpoint with scripts/ts/verify-proof.ts.'}
              </p>
            ) : (
              <p className="error total">
                <span aria-hidden="true">✖ </span>The proof does NOT verify: {check.failure}
              </p>
            )}
          </div>
          <dl>
            <dt>Event</dt>
            <dd>
              <code>{proof.event.id}</code>
            </dd>
            <dt>Leaf index</dt>
            <dd data-testid="proof-leaf-index">{proof.leafIndex}</dd>
            <dt>Leaf hash</dt>
            <dd className="hash">{proof.leafHash}</dd>
            <dt>Tree size</dt>
            <dd data-testid="proof-tree-size">{proof.treeSize}</dd>
            <dt>Audit path ({proof.auditPath.length} hashes, leaf to root)</dt>
            <dd>
              <ol className="hash" data-testid="proof-path">
                {proof.auditPath.map((hash, index) => (
                  <li key={index}>{hash}</li>
                ))}
              </ol>
            </dd>
            <dt>Checkpoint root</dt>
            <dd className="hash">{proof.checkpoint.rootHash}</dd>
            <dt>Checkpoint signed</dt>
            <dd>
              {formatDateTime(proof.checkpoint.signedAt)} by key <code>{proof.checkpoint.keyId}</code>
            </dd>
            <dt>Signed note</dt>
            <dd>
              <pre className="hash">{proof.checkpoint.note}</pre>
            </dd>
          </dl>
          <p className="muted">
            The signature is checked with the public key the proof carries; compare its key id with the one your
            organisation published for the log.
          </p>
        </>
      ) : null}
      <button type="button" className="secondary" onClick={onClose}>
        Close the proof
      </button>
    </section>
  );
}
