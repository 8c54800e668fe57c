/**
 * The reporting service: aggregate counts per tenant, event type and day, with small-cell suppression.
 * Holds no PHI. See services/reporting/README.md.
 */
package io.phylax.reporting;
