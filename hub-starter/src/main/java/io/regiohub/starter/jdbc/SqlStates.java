package io.regiohub.starter.jdbc;

/** The SQLSTATE of a database failure, wherever the JDBC driver's exception sits in the cause chain. */
public final class SqlStates {

    /** PostgreSQL's {@code unique_violation}. */
    public static final String UNIQUE_VIOLATION = "23505";
    /** PostgreSQL's {@code lock_not_available}: a {@code lock_timeout} expired (Spring leaves it uncategorized). */
    public static final String LOCK_NOT_AVAILABLE = "55P03";

    private SqlStates() {
    }

    /** The first SQLSTATE in the cause chain, or null. */
    public static String of(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
