package io.regiohub.funding.pipeline;

import io.regiohub.funding.application.ApplicationStatus;
import io.regiohub.funding.consultation.ConsultationStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reads the pipeline from the counts {@link PipelineCounts} keeps: a handful of small tables. */
@Service
public class PipelineService {

    private final JdbcClient jdbc;
    private final Clock clock;

    public PipelineService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** One snapshot: all figures read in one repeatable-read transaction, so they agree with each other. */
    @Transactional(readOnly = true, isolation = org.springframework.transaction.annotation.Isolation.REPEATABLE_READ)
    public Pipeline pipeline() {
        return new Pipeline(Instant.now(clock), programmes(), months(), medianDays(), held(),
                conversion("classification"), conversion("district"));
    }

    private List<Pipeline.ProgrammeStages> programmes() {
        Map<String, Pipeline.ProgrammeStages> byId = new LinkedHashMap<>();
        jdbc.sql("SELECT id, name FROM funding_programme ORDER BY id").query((rs, row) -> {
            byId.put(rs.getString("id"), new Pipeline.ProgrammeStages(rs.getString("id"), rs.getString("name"),
                    zeros(ConsultationStatus.values()), zeros(ApplicationStatus.values())));
            return null;
        }).list();
        jdbc.sql("SELECT programme_id, aggregate, status, count FROM pipeline_stage").query((rs, row) -> {
            Pipeline.ProgrammeStages p = byId.get(rs.getString("programme_id"));
            if (p != null) {
                (rs.getString("aggregate").equals("consultation") ? p.consultations() : p.applications())
                        .put(rs.getString("status"), rs.getLong("count"));
            }
            return null;
        }).list();
        return List.copyOf(byId.values());
    }

    private static Map<String, Long> zeros(Enum<?>[] states) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Enum<?> s : states) {
            counts.put(s.name(), 0L);
        }
        return counts;
    }

    private List<Pipeline.Month> months() {
        return jdbc.sql("SELECT to_char(month, 'YYYY-MM') AS month, requested, held FROM pipeline_month ORDER BY month")
                .query((rs, row) -> new Pipeline.Month(rs.getString("month"), rs.getLong("requested"), rs.getLong("held")))
                .list();
    }

    private long held() {
        return jdbc.sql("SELECT coalesce(sum(count), 0) FROM pipeline_days_to_consultation").query(Long.class).single();
    }

    /** The median of the histogram (the mean of the two middle values when the count is even). */
    private Double medianDays() {
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        jdbc.sql("SELECT days, count FROM pipeline_days_to_consultation").query((rs, row) -> {
            histogram.put(rs.getInt("days"), rs.getLong("count"));
            return null;
        }).list();
        long total = histogram.values().stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return null;
        }
        return (valueAt(histogram, (total - 1) / 2) + valueAt(histogram, total / 2)) / 2.0;
    }

    private static int valueAt(TreeMap<Integer, Long> histogram, long index) {
        long seen = 0;
        for (Map.Entry<Integer, Long> e : histogram.entrySet()) {
            seen += e.getValue();
            if (index < seen) {
                return e.getKey();
            }
        }
        throw new IllegalStateException("index beyond the histogram");
    }

    /**
     * Municipalities of the directory, consulted or not, by classification or district: how many applied
     * and were approved. Districts themselves count under their own key, district-free cities too.
     */
    private List<Pipeline.Conversion> conversion(String by) {
        String group = by.equals("classification") ? "d.classification"
                : "coalesce(d.district_key, d.municipality_key)";
        List<Pipeline.Conversion> rows = new ArrayList<>();
        jdbc.sql("SELECT " + group + " AS grp, coalesce(p.consulted, false) AS consulted, count(*) AS municipalities, "
                        + "count(*) FILTER (WHERE p.applied) AS applied, count(*) FILTER (WHERE p.approved) AS approved "
                        + "FROM hub.municipality_directory d LEFT JOIN pipeline_municipality p "
                        + "ON p.municipality = d.municipality_key GROUP BY 1, 2 ORDER BY 1, 2 DESC")
                .query((rs, row) -> {
                    long n = rs.getLong("municipalities");
                    long applied = rs.getLong("applied");
                    long approved = rs.getLong("approved");
                    rows.add(new Pipeline.Conversion(rs.getString("grp"), rs.getBoolean("consulted"), n, applied,
                            approved, share(applied, n), share(approved, n)));
                    return null;
                }).list();
        return rows;
    }

    private static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(1000.0 * part / whole) / 1000.0;
    }

    /** The same figures as CSV in long format (one figure per line), for spreadsheets and pivot tables. */
    public String csv(Pipeline p) {
        StringBuilder csv = new StringBuilder("section,dimension_1,dimension_2,dimension_3,measure,value\r\n");
        for (Pipeline.ProgrammeStages s : p.programmes()) {
            s.consultations().forEach((state, n) -> line(csv, "stage", s.programmeId(), "consultation", state, "count", n));
            s.applications().forEach((state, n) -> line(csv, "stage", s.programmeId(), "application", state, "count", n));
        }
        for (Pipeline.Month m : p.months()) {
            line(csv, "month", m.month(), "", "", "consultations_requested", m.requested());
            line(csv, "month", m.month(), "", "", "consultations_held", m.held());
        }
        line(csv, "consultation", "", "", "", "median_days_to_consultation",
                p.medianDaysToConsultation() == null ? "" : p.medianDaysToConsultation());
        line(csv, "consultation", "", "", "", "consultations_held", p.consultationsHeld());
        for (String section : List.of("classification", "district")) {
            for (Pipeline.Conversion c : section.equals("classification") ? p.byClassification() : p.byDistrict()) {
                String consulted = c.consulted() ? "consulted" : "not_consulted";
                line(csv, section, c.group(), consulted, "", "municipalities", c.municipalities());
                line(csv, section, c.group(), consulted, "", "applied", c.applied());
                line(csv, section, c.group(), consulted, "", "approved", c.approved());
                line(csv, section, c.group(), consulted, "", "applied_share", c.appliedShare());
                line(csv, section, c.group(), consulted, "", "approved_share", c.approvedShare());
            }
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, String section, String d1, String d2, String d3, String measure,
                             Object value) {
        csv.append(field(section)).append(',').append(field(d1)).append(',').append(field(d2)).append(',')
                .append(field(d3)).append(',').append(measure).append(',').append(value).append("\r\n");
    }

    /** RFC 4180 quoting, and no formula injection: a cell never starts with = + - @. */
    private static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        return v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")
                ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }
}
