package io.regiohub.mobility.schedule;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows streamed into a table with PostgreSQL's {@code COPY ... FROM STDIN (FORMAT csv)}: the bulk
 * load of a schedule, instead of an INSERT per row. A {@code null} field is written unquoted (SQL
 * NULL); text is quoted when it must be, so ids with commas, quotes or line breaks survive.
 */
public final class CopyRows implements AutoCloseable {

    private static final int FLUSH_AT = 1 << 18;

    private final CopyIn copy;
    private final StringBuilder buffer = new StringBuilder(FLUSH_AT + 4096);
    private boolean rowStarted;
    private long rows;

    public CopyRows(Connection connection, String table, String columns) throws SQLException {
        this.copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN (FORMAT csv)");
    }

    public CopyRows text(String value) {
        separate();
        if (value != null) {
            if (value.isEmpty() || needsQuotes(value)) {
                buffer.append('"').append(value.replace("\"", "\"\"")).append('"');
            } else {
                buffer.append(value);
            }
        }
        return this;
    }

    public CopyRows number(long value) {
        separate();
        buffer.append(value);
        return this;
    }

    public CopyRows number(Number value) {
        separate();
        if (value != null) {
            buffer.append(value);
        }
        return this;
    }

    /** A value already in PostgreSQL's text form that needs no quoting (a date, a boolean, an array literal). */
    public CopyRows raw(String value) {
        separate();
        if (value != null) {
            buffer.append('"').append(value.replace("\"", "\"\"")).append('"');
        }
        return this;
    }

    public void endRow() throws SQLException {
        buffer.append('\n');
        rowStarted = false;
        rows++;
        if (buffer.length() >= FLUSH_AT) {
            flush();
        }
    }

    public long rows() {
        return rows;
    }

    private void separate() {
        if (rowStarted) {
            buffer.append(',');
        }
        rowStarted = true;
    }

    private static boolean needsQuotes(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r' || c == '\\') {
                return true;
            }
        }
        return false;
    }

    private void flush() throws SQLException {
        if (!buffer.isEmpty()) {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }
    }

    @Override
    public void close() throws SQLException {
        if (copy.isActive()) {
            flush();
            copy.endCopy();
        }
    }

    /** Abandons the copy (the table is dropped afterwards anyway). */
    public void cancel() {
        try {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        } catch (SQLException ignored) {
            // the connection is closed next
        }
    }
}
