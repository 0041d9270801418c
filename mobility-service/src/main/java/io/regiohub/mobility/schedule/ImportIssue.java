package io.regiohub.mobility.schedule;

/**
 * Something an import found wrong in a GTFS file: the file, the line (1 is the header; 0 when the
 * finding concerns the whole file or archive), the field and the reason.
 */
public record ImportIssue(String file, long line, String field, String reason) {
}
