package io.phylax.reporting.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.phylax.contract.ReferenceEvent;
import io.phylax.contract.ReferenceEventType;
import io.phylax.contract.StreamType;

/**
 * An activity report as it may be published: one cell for every combination of the requested dimensions
 * that can occur, zeros included, each count shown or suppressed, and the total.
 *
 * @param query                the request it answers
 * @param suppressionThreshold counts from 1 to this value minus one are never shown
 * @param cells                the cells, ordered by the dimensions in the order requested
 * @param total                the sum of all cells
 */
public record ActivityReport(ReportQuery query, int suppressionThreshold, List<ReportCell> cells, Count total) {

    /**
     * One cell.
     *
     * @param coordinates one value per requested dimension, in the requested order: a {@link LocalDate}, a
     *                    {@link ReferenceEventType}, or a record type (a String, or null for subject events)
     * @param count       its count
     */
    public record ReportCell(List<Object> coordinates, Count count) {
        public ReportCell {
            coordinates = Collections.unmodifiableList(new ArrayList<>(coordinates)); // may hold a null
        }
    }

    /**
     * Tabulates a tenant's stored counts for a query and applies small-cell suppression.
     *
     * @param query       what was asked
     * @param counts      the tenant's counts on the days of the query (others are ignored)
     * @param suppression the suppression rule
     */
    public static ActivityReport of(ReportQuery query, List<ActivityCount> counts, Suppression suppression) {
        List<List<Object>> grid = grid(query);
        Map<List<Object>, Integer> index = new HashMap<>();
        for (int i = 0; i < grid.size(); i++) {
            index.put(grid.get(i), i);
        }
        long[] sums = new long[grid.size()];
        for (ActivityCount count : counts) {
            Integer cell = index.get(coordinates(query.groupBy(), count));
            if (cell != null
                    && !count.day().isBefore(query.from())
                    && !count.day().isAfter(query.to())) {
                sums[cell] = Math.addExact(sums[cell], count.count());
            }
        }
        List<Suppression.Cell> table = new ArrayList<>(grid.size());
        for (int i = 0; i < grid.size(); i++) {
            table.add(new Suppression.Cell(grid.get(i), sums[i]));
        }
        Suppression.Outcome outcome = suppression.apply(table);
        List<ReportCell> cells = new ArrayList<>(grid.size());
        for (int i = 0; i < grid.size(); i++) {
            cells.add(new ReportCell(grid.get(i), outcome.cells().get(i)));
        }
        return new ActivityReport(query, suppression.threshold(), List.copyOf(cells), outcome.total());
    }

    /**
     * Every combination of the requested dimensions' values, in order. Combinations that cannot occur (a
     * record type on a subject event, none on a record event) are left out rather than shown as 0.
     */
    private static List<List<Object>> grid(ReportQuery query) {
        List<List<Object>> grid = new ArrayList<>();
        grid.add(new ArrayList<>());
        for (Dimension dimension : query.groupBy()) {
            List<List<Object>> next = new ArrayList<>();
            for (List<Object> prefix : grid) {
                for (Object value : values(dimension, query)) {
                    List<Object> cell = new ArrayList<>(prefix);
                    cell.add(value);
                    next.add(cell);
                }
            }
            grid = next;
        }
        int eventType = query.groupBy().indexOf(Dimension.EVENT_TYPE);
        int recordType = query.groupBy().indexOf(Dimension.RECORD_TYPE);
        if (eventType >= 0 && recordType >= 0) {
            grid.removeIf(cell -> ((ReferenceEventType) cell.get(eventType)).streamType()
                    == StreamType.RECORD
                    != (cell.get(recordType) != null));
        }
        return grid;
    }

    private static List<?> values(Dimension dimension, ReportQuery query) {
        return switch (dimension) {
            case DAY -> query.from().datesUntil(query.to().plusDays(1)).toList();
            case EVENT_TYPE -> List.of(ReferenceEventType.values());
            case RECORD_TYPE -> {
                List<String> types = new ArrayList<>();
                types.add(null); // subject events come first
                types.addAll(ReferenceEvent.RECORD_TYPES);
                yield types;
            }
        };
    }

    private static List<Object> coordinates(List<Dimension> groupBy, ActivityCount count) {
        List<Object> coordinates = new ArrayList<>(groupBy.size());
        for (Dimension dimension : groupBy) {
            coordinates.add(
                    switch (dimension) {
                        case DAY -> count.day();
                        case EVENT_TYPE -> count.eventType();
                        case RECORD_TYPE -> count.recordType();
                    });
        }
        return coordinates;
    }
}
