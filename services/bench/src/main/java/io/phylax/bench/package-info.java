/**
 * {@code make bench}: throughput and latency of the vault's service paths measured side by side with the
 * physical limit of the same PostgreSQL (pgbench), a FHIR peer when one is named, the cipher path with JMH,
 * event latency to the audit store and the services' footprint. Figures are printed and written to files; they
 * are never asserted (ADR 0090).
 */
package io.phylax.bench;
