package io.phylax.audit.application;

import java.util.List;

/**
 * One page of results in sequence order.
 *
 * @param items      the results
 * @param nextCursor the sequence number to continue after, or null on the last page
 */
public record Page<T>(List<T> items, Long nextCursor) {}
