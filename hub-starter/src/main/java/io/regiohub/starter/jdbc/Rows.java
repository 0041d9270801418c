package io.regiohub.starter.jdbc;

import java.sql.Timestamp;
import java.time.Instant;

/** What the services' repositories read alike from a row. */
public final class Rows {

    private Rows() {
    }

    /** A nullable {@code TIMESTAMPTZ} column as an instant. */
    public static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
