/**
 * The audit service: an append-only, tamper-evident trail of the vault's reference and access events,
 * and the API auditors query it through. Holds no PHI. See services/audit/README.md.
 */
package io.phylax.audit;
