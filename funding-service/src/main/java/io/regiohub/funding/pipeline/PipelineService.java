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

/** Reads the pipeline from the counts {@link PipelineCounts} keeps: a handful of small tables. */
@Service
public class PipelineService {

    private final JdbcClient jdbc;
    private final Clock clock;

    public PipelineService(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * Every figure in one statement: one round trip to PostgreSQL and one snapshot, so the figures
     * agree with each other without a transaction around several queries.
     */
    private static final String ALL_FIGURES = """
            SELECT 'programme' AS section, id AS k1, name AS k2, NULL AS k3, 0 AS n1, 0 AS n2, 0 AS n3, NULL::boolean AS b
            FROM funding_programme
            UNION ALL
            SELECT 'stage', programme_id, aggregate, status, count, 0, 0, NULL FROM pipeline_stage
            UNION ALL
            SELECT 'month', to_char(month, 'YYYY-MM'), NULL, NULL, requested, held, 0, NULL FROM pipeline_month
            UNION ALL
            SELECT 'days', NULL, NULL, NULL, days, count, 0, NULL FROM pipeline_days_to_consultation
            UNION ALL
            SELECT 'classification', d.classification, NULL, NULL, count(*), count(*) FILTER (WHERE p.applied),
                   count(*) FILTER (WHERE p.approved), coalesce(p.consulted, false)
            FROM hub.municipality_directory d LEFT JOIN pipeline_municipality p ON p.municipality = d.municipality_key
            GROUP BY d.classification, coalesce(p.consulted, false)
            UNION ALL
            SELECT 'district', coalesce(d.district_key, d.municipality_key), NULL, NULL, count(*),
                   count(*) FILTER (WHERE p.applied), count(*) FILTER (WHERE p.approved), coalesce(p.consulted, false)
            FROM hub.municipality_directory d LEFT JOIN pipeline_municipality p ON p.municipality = d.municipality_key
            GROUP BY coalesce(d.district_key, d.municipality_key), coalesce(p.consulted, false)
            """;

    public Pipeline pipeline() {
        Map<String, Pipeline.ProgrammeStages> programmes = new TreeMap<>();
        List<Object[]> stages = new ArrayList<>();
        List<Pipeline.Month> months = new ArrayList<>();
        TreeMap<Integer, Long> histogram = new TreeMap<>();
        List<Pipeline.Conversion> byClassification = new ArrayList<>();
        List<Pipeline.Conversion> byDistrict = new ArrayList<>();
        jdbc.sql(ALL_FIGURES).query(rs -> {
            String k1 = rs.getString("k1");
            long n1 = rs.getLong("n1");
            long n2 = rs.getLong("n2");
            long n3 = rs.getLong("n3");
            switch (rs.getString("section")) {
                case "programme" -> programmes.put(k1, new Pipeline.ProgrammeStages(k1, rs.getString("k2"),
                        zeros(ConsultationStatus.values()), zeros(ApplicationStatus.values())));
                case "stage" -> stages.add(new Object[] {k1, rs.getString("k2"), rs.getString("k3"), n1});
                case "month" -> months.add(new Pipeline.Month(k1, n1, n2));
                case "days" -> histogram.put((int) n1, n2);
                case "classification" -> byClassification.add(new Pipeline.Conversion(k1, rs.getBoolean("b"), n1, n2,
                        n3, share(n2, n1), share(n3, n1)));
                case "district" -> byDistrict.add(new Pipeline.Conversion(k1, rs.getBoolean("b"), n1, n2, n3,
                        share(n2, n1), share(n3, n1)));
                default -> throw new IllegalStateException("unknown section " + rs.getString("section"));
            }
        });
        for (Object[] stage : stages) {
            Pipeline.ProgrammeStages p = programmes.get((String) stage[0]);
            if (p != null) {
                (stage[1].equals("consultation") ? p.consultations() : p.applications()).put((String) stage[2],
                        (Long) stage[3]);
            }
        }
        months.sort(java.util.Comparator.comparing(Pipeline.Month::month));
        java.util.Comparator<Pipeline.Conversion> order = java.util.Comparator.comparing(Pipeline.Conversion::group)
                .thenComparing(Pipeline.Conversion::consulted, java.util.Comparator.reverseOrder());
        byClassification.sort(order);
        byDistrict.sort(order);
        long held = histogram.values().stream().mapToLong(Long::longValue).sum();
        return new Pipeline(Instant.now(clock), List.copyOf(programmes.values()), months, median(histogram, held),
                held, byClassification, byDistrict);
    }

    private static Map<String, Long> zeros(Enum<?>[] states) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (Enum<?> s : states) {
            counts.put(s.name(), 0L);
        }
        return counts;
    }

    /** The median of the histogram (the mean of the two middle values when the count is even). */
    private static Double median(TreeMap<Integer, Long> histogram, long total) {
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
