package io.regiohub.mobility.schedule;

import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * One GTFS file read row by row with FastCSV, as real feeds write them: a UTF-8 BOM, quoted fields
 * (with commas, quotes and line breaks inside), CRLF or LF, no final newline, rows shorter than the
 * header (missing fields are empty) or longer, columns in any order, unknown columns ignored.
 * Values are stripped of surrounding whitespace.
 */
final class GtfsTable implements Closeable {

    private final String file;
    private final CsvReader<CsvRecord> reader;
    private final Iterator<CsvRecord> rows;
    private final Map<String, Integer> columns = new HashMap<>();
    private CsvRecord current;

    GtfsTable(String file, InputStream in) {
        this.file = file;
        this.reader = CsvReader.builder().detectBomHeader(true).allowMissingFields(true).allowExtraFields(true)
                .skipEmptyLines(true).ofCsvRecord(in, StandardCharsets.UTF_8);
        this.rows = reader.iterator();
        if (!rows.hasNext()) {
            throw new GtfsFormatException(new ImportIssue(file, 1, null, "the file is empty: it has no header"));
        }
        CsvRecord header = rows.next();
        for (int i = 0; i < header.getFieldCount(); i++) {
            columns.putIfAbsent(header.getField(i).strip(), i);
        }
    }

    String file() {
        return file;
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    /** Advances to the next row; false at the end. A broken quote is reported with its line. */
    boolean next() {
        try {
            if (!rows.hasNext()) {
                current = null;
                return false;
            }
            current = rows.next();
            return true;
        } catch (CsvParseException e) {
            throw new GtfsFormatException(new ImportIssue(file, lineOf(e), null,
                    "unreadable CSV: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage())));
        }
    }

    long line() {
        return current.getStartingLineNumber();
    }

    /** The field's value, stripped; empty when the column or the field is missing. */
    String get(String column) {
        Integer i = columns.get(column);
        if (i == null || i >= current.getFieldCount()) {
            return "";
        }
        return current.getField(i).strip();
    }

    /** The field's value, or {@code null} when empty. */
    String optional(String column) {
        String value = get(column);
        return value.isEmpty() ? null : value;
    }

    private long lineOf(CsvParseException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("line (\\d+)").matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }

    /** A problem that stops reading a file (an error, not a warning). */
    static final class GtfsFormatException extends RuntimeException {
        final ImportIssue issue;

        GtfsFormatException(ImportIssue issue) {
            super(issue.reason());
            this.issue = issue;
        }
    }
}
