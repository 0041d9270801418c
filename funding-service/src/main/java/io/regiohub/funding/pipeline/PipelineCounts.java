package io.regiohub.funding.pipeline;

import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Keeps the pipeline's figures current in the transaction of each change they count (the change and
 * its count commit together or not at all). Rows are always touched in one order — stage counts
 * sorted by state, then the month, the days, the municipality — so concurrent changes queue instead
 * of deadlocking.
 */
@Repository
public class PipelineCounts {

    private final JdbcClient jdbc;

    public PipelineCounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One consultation or application of the programme moved from {@code from} (null: new) to {@code to}. */
    public void stage(String programmeId, String aggregate, Enum<?> from, Enum<?> to) {
        if (from == to) {
            return;
        }
        record Delta(String status, int by) {
        }
        List<Delta> deltas = new ArrayList<>(List.of(new Delta(to.name(), 1)));
        if (from != null) {
            deltas.add(new Delta(from.name(), -1));
        }
        deltas.sort(Comparator.comparing(Delta::status));
        for (Delta d : deltas) {
            if (d.by() > 0) {
                jdbc.sql("""
                                INSERT INTO pipeline_stage (programme_id, aggregate, status, count) VALUES (:p, :a, :s, 1)
                                ON CONFLICT (programme_id, aggregate, status) DO UPDATE SET count = pipeline_stage.count + 1""")
                        .param("p", programmeId).param("a", aggregate).param("s", d.status()).update();
            } else {
                // an UPDATE, not an upsert: PostgreSQL checks an upsert's proposed row (count -1) before the conflict
                jdbc.sql("UPDATE pipeline_stage SET count = count - 1 "
                                + "WHERE programme_id = :p AND aggregate = :a AND status = :s")
                        .param("p", programmeId).param("a", aggregate).param("s", d.status()).update();
            }
        }
    }

    public void consultationRequested(Instant at) {
        jdbc.sql("""
                        INSERT INTO pipeline_month (month, requested) VALUES (:month, 1)
                        ON CONFLICT (month) DO UPDATE SET requested = pipeline_month.requested + 1""")
                .param("month", month(at)).update();
    }

    /** A consultation was held for the first time: the month, the days it took, the municipality advised. */
    public void consultationFirstHeld(String municipality, Instant requestedAt, Instant heldAt) {
        jdbc.sql("""
                        INSERT INTO pipeline_month (month, held) VALUES (:month, 1)
                        ON CONFLICT (month) DO UPDATE SET held = pipeline_month.held + 1""")
                .param("month", month(heldAt)).update();
        jdbc.sql("""
                        INSERT INTO pipeline_days_to_consultation (days, count) VALUES (:days, 1)
                        ON CONFLICT (days) DO UPDATE SET count = pipeline_days_to_consultation.count + 1""")
                .param("days", (int) Math.max(0, Duration.between(requestedAt, heldAt).toDays())).update();
        flag(municipality, "consulted");
    }

    public void applied(String municipality) {
        flag(municipality, "applied");
    }

    public void approved(String municipality) {
        flag(municipality, "approved");
    }

    private void flag(String municipality, String column) {
        // the column is one of three constants above, never input
        jdbc.sql("INSERT INTO pipeline_municipality (municipality, " + column + ") VALUES (:m, true) "
                        + "ON CONFLICT (municipality) DO UPDATE SET " + column + " = true "
                        + "WHERE NOT pipeline_municipality." + column)
                .param("m", municipality).update();
    }

    /**
     * Counts everything again from the consultations and applications themselves (as the migration that
     * introduced the counts did), for operations after a bulk import or when a figure is doubted. The
     * four tables are locked in the order the writers touch them, so changes wait instead of deadlocking.
     */
    public void recount() {
        jdbc.sql("LOCK TABLE pipeline_stage, pipeline_month, pipeline_days_to_consultation, pipeline_municipality "
                + "IN EXCLUSIVE MODE").update();
        jdbc.sql("DELETE FROM pipeline_stage").update();
        jdbc.sql("""
                INSERT INTO pipeline_stage (programme_id, aggregate, status, count)
                SELECT programme_id, 'consultation', status, count(*) FROM consultation GROUP BY programme_id, status
                UNION ALL
                SELECT programme_id, 'application', status, count(*) FROM application GROUP BY programme_id, status""")
                .update();
        jdbc.sql("DELETE FROM pipeline_month").update();
        jdbc.sql("""
                INSERT INTO pipeline_month (month, requested, held)
                SELECT month, sum(requested), sum(held) FROM (
                    SELECT date_trunc('month', requested_at AT TIME ZONE 'UTC')::date AS month, 1 AS requested, 0 AS held
                    FROM consultation
                    UNION ALL
                    SELECT date_trunc('month', first_held_at AT TIME ZONE 'UTC')::date, 0, 1 FROM consultation
                    WHERE first_held_at IS NOT NULL) m
                GROUP BY month""").update();
        jdbc.sql("DELETE FROM pipeline_days_to_consultation").update();
        jdbc.sql("""
                INSERT INTO pipeline_days_to_consultation (days, count)
                SELECT floor(extract(epoch FROM first_held_at - requested_at) / 86400)::int, count(*)
                FROM consultation WHERE first_held_at IS NOT NULL GROUP BY 1""").update();
        jdbc.sql("DELETE FROM pipeline_municipality").update();
        jdbc.sql("""
                INSERT INTO pipeline_municipality (municipality, consulted, applied, approved)
                SELECT municipality, bool_or(consulted), bool_or(applied), bool_or(approved) FROM (
                    SELECT municipality, first_held_at IS NOT NULL AS consulted, false AS applied, false AS approved
                    FROM consultation
                    UNION ALL
                    SELECT municipality, false, status <> 'DRAFT', status IN ('APPROVED', 'FUNDS_DISBURSED', 'COMPLETED')
                    FROM application) p
                GROUP BY municipality""").update();
    }

    private static Date month(Instant at) {
        LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
        return Date.valueOf(day.withDayOfMonth(1));
    }
}
