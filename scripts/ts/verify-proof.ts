/**
 * Verifies an audit inclusion proof offline, without the database:
 *   node dist/scripts/ts/verify-proof.js proof.json [--public-key log-key.pub.pem]
 * proof.json is the body of GET /audit/events/:id/proof. The leaf is recomputed from the event
 * (RFC 8785 + RFC 6962), the audit path checked against the checkpoint root (RFC 9162 §2.1.3.2)
 * and the checkpoint's Ed25519 signature verified. Pin the log's public key with --public-key;
 * without it the key embedded in the proof is used (and a warning printed).
 */
import { createPublicKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkInclusionProof, type ProofInput } from '@consilium/audit';

function main(): number {
  const [file] = process.argv
    .slice(2)
    .filter((arg, index, args) => !arg.startsWith('--') && args[index - 1] !== '--public-key');
  if (!file) {
    console.error('usage: verify-proof <proof.json> [--public-key <pem>]');
    return 2;
  }
  const proof = JSON.parse(readFileSync(file, 'utf8')) as ProofInput & { publicKey?: string };
  const keyArg = process.argv.indexOf('--public-key');
  const keyFile = keyArg > 0 ? process.argv[keyArg + 1] : undefined;
  if (keyArg > 0 && keyFile === undefined) {
    console.error('usage: verify-proof <proof.json> [--public-key <pem>]');
    return 2;
  }
  const pem = keyFile !== undefined ? readFileSync(keyFile, 'utf8') : proof.publicKey;
  if (!pem) {
    console.error('no public key: pass --public-key');
    return 2;
  }
  if (keyArg < 0)
    console.error('warning: using the public key embedded in the proof; pin the log key with --public-key');
  const result = checkInclusionProof(proof, createPublicKey(pem));
  console.log(
    result.ok
      ? `OK: event ${proof.event.id} is leaf ${proof.leafIndex} of the log signed at tree size ${proof.treeSize} (${proof.checkpoint.signedAt})`
      : `FAILED: ${result.failure}`,
  );
  return result.ok ? 0 : 1;
}

process.exit(main());
