/**
 * The audit service: an append-only, tamper-evident trail of the vault's reference and access events (a hash
 * chain with an RFC 6962 Merkle tree and signed tree heads), and the API auditors query it through. Holds no PHI.
 * {@code verify} holds what an outside verifier needs and depends on the JDK alone. See services/audit/README.md.
 */
package io.phylax.audit;
