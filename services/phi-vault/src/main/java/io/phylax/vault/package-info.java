/**
 * The PHI vault: the only Phylax service that holds protected health information, encrypted per subject,
 * behind the clinic REST API; it publishes only redacted reference events. See services/phi-vault/README.md.
 */
package io.phylax.vault;
