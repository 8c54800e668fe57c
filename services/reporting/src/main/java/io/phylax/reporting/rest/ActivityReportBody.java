package io.phylax.reporting.rest;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.phylax.reporting.domain.ActivityReport;
import io.phylax.reporting.domain.Count;
import io.phylax.reporting.domain.Dimension;

/**
 * The JSON of an activity report. A count is a number, or {@code {"suppressed": true}} in place of a number
 * that may not be shown; nothing else about a suppressed count is sent.
 *
 * @param tenant               the caller's tenant
 * @param from                 the first day
 * @param to                   the last day
 * @param groupBy              the dimensions, as requested
 * @param suppressionThreshold counts from 1 to this value minus one are suppressed
 * @param cells                one object per cell: a member per dimension, then {@code count}
 * @param total                the total over all cells, a number or {@code {"suppressed": true}}
 */
public record ActivityReportBody(
        String tenant,
        LocalDate from,
        LocalDate to,
        List<String> groupBy,
        int suppressionThreshold,
        List<Map<String, Object>> cells,
        Object total) {

    /** What a suppressed count looks like in JSON. */
    static final Map<String, Boolean> SUPPRESSED = Map.of("suppressed", true);

    static ActivityReportBody of(String tenant, ActivityReport report) {
        List<Dimension> dimensions = report.query().groupBy();
        List<Map<String, Object>> cells = report.cells().stream()
                .map(cell -> {
                    // LinkedHashMap: keeps the dimensions' order and allows the null record type of subject events.
                    Map<String, Object> json = new LinkedHashMap<>();
                    for (int i = 0; i < dimensions.size(); i++) {
                        json.put(dimensions.get(i).apiName(), cell.coordinates().get(i));
                    }
                    json.put("count", json(cell.count()));
                    return json;
                })
                .toList();
        return new ActivityReportBody(
                tenant,
                report.query().from(),
                report.query().to(),
                dimensions.stream().map(Dimension::apiName).toList(),
                report.suppressionThreshold(),
                cells,
                json(report.total()));
    }

    private static Object json(Count count) {
        return switch (count) {
            case Count.Shown shown -> shown.value();
            case Count.Suppressed suppressed -> SUPPRESSED;
        };
    }
}
