package io.phylax.reporting.domain;

import static io.phylax.reporting.domain.Count.SUPPRESSED;
import static io.phylax.reporting.domain.Count.shown;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.phylax.contract.ReferenceEventType;

/** Tabulating stored counts into the cells of a report. */
class ActivityReportTest {

    static final LocalDate DAY_1 = LocalDate.of(2150, 3, 1);
    static final LocalDate DAY_2 = DAY_1.plusDays(1);
    static final LocalDate DAY_3 = DAY_1.plusDays(2);

    private final Suppression suppression = new Suppression(11);

    private final List<ActivityCount> counts = List.of(
            new ActivityCount(DAY_1, ReferenceEventType.RecordAdded, "Observation", 30),
            new ActivityCount(DAY_1, ReferenceEventType.RecordAdded, "Appointment", 12),
            new ActivityCount(DAY_1, ReferenceEventType.PatientRegistered, null, 4),
            new ActivityCount(DAY_3, ReferenceEventType.RecordAdded, "Observation", 20),
            new ActivityCount(DAY_3, ReferenceEventType.SubjectErased, null, 15));

    @Test
    void everyDayOfTheRangeIsACellZerosIncluded() {
        ActivityReport report = ActivityReport.of(query(DAY_1, DAY_3, Dimension.DAY), counts, suppression);

        assertThat(report.cells())
                .extracting(ActivityReport.ReportCell::coordinates)
                .containsExactly(List.of(DAY_1), List.of(DAY_2), List.of(DAY_3));
        assertThat(report.cells())
                .extracting(ActivityReport.ReportCell::count)
                .containsExactly(shown(46), shown(0), shown(35));
        assertThat(report.total()).isEqualTo(shown(81));
        assertThat(report.suppressionThreshold()).isEqualTo(11);
    }

    @Test
    void sumsOverTheDimensionsLeftOut() {
        ActivityReport report = ActivityReport.of(query(DAY_1, DAY_3, Dimension.EVENT_TYPE), counts, suppression);

        assertThat(report.cells())
                .extracting(ActivityReport.ReportCell::coordinates)
                .containsExactly(
                        List.of(ReferenceEventType.PatientRegistered),
                        List.of(ReferenceEventType.PatientUpdated),
                        List.of(ReferenceEventType.RecordAdded),
                        List.of(ReferenceEventType.RecordAmended),
                        List.of(ReferenceEventType.SubjectErased));
        // The 4 registrations are alone in their line, so the first shown non-zero cell (62) hides with them.
        assertThat(report.cells())
                .extracting(ActivityReport.ReportCell::count)
                .containsExactly(SUPPRESSED, shown(0), SUPPRESSED, shown(0), shown(15));
        assertThat(report.total()).isEqualTo(SUPPRESSED);
    }

    @Test
    void leavesOutCombinationsThatCannotOccur() {
        ActivityReport report = ActivityReport.of(
                query(DAY_1, DAY_1, Dimension.EVENT_TYPE, Dimension.RECORD_TYPE), List.of(), suppression);

        // Three subject event types without a record type, two record event types with each of five.
        assertThat(report.cells()).hasSize(3 + 2 * 5);
        assertThat(report.cells().getFirst().coordinates())
                .isEqualTo(Arrays.asList(ReferenceEventType.PatientRegistered, null));
        assertThat(report.cells()).allSatisfy(cell -> assertThat(cell.count()).isEqualTo(shown(0)));
        assertThat(report.total()).isEqualTo(shown(0));
    }

    @Test
    void recordTypeIsNullForSubjectEvents() {
        ActivityReport report = ActivityReport.of(query(DAY_1, DAY_3, Dimension.RECORD_TYPE), counts, suppression);

        assertThat(report.cells().getFirst().coordinates()).isEqualTo(Arrays.asList((Object) null));
        assertThat(report.cells().getFirst().count()).isEqualTo(shown(19)); // 4 registrations + 15 erasures
    }

    @Test
    void withoutDimensionsTheOnlyCellIsTheTotal() {
        ActivityReport report = ActivityReport.of(query(DAY_2, DAY_3), counts, suppression);

        assertThat(report.cells()).singleElement().satisfies(cell -> {
            assertThat(cell.coordinates()).isEmpty();
            assertThat(cell.count()).isEqualTo(shown(35));
        });
        assertThat(report.total()).isEqualTo(shown(35));
    }

    @Test
    void ignoresCountsOutsideTheRange() {
        ActivityReport report = ActivityReport.of(query(DAY_2, DAY_2), counts, suppression);

        assertThat(report.total()).isEqualTo(shown(0));
    }

    private static ReportQuery query(LocalDate from, LocalDate to, Dimension... groupBy) {
        return new ReportQuery(from, to, List.of(groupBy));
    }
}
