package io.regiohub.mobility.schedule;

/**
 * GTFS times: {@code H:MM:SS} or {@code HH:MM:SS}, measured from "noon minus 12h" of the service day,
 * so they run past {@code 24:00:00} for trips after midnight.
 */
public final class GtfsTime {

    private GtfsTime() {
    }

    /** Seconds since noon minus 12h, {@code -1} for an empty field; throws for anything else malformed. */
    public static int parse(String value) {
        if (value == null || value.isEmpty()) {
            return -1;
        }
        int first = value.indexOf(':');
        int second = first < 0 ? -1 : value.indexOf(':', first + 1);
        if (first < 1 || first > 3 || second != first + 3 || value.length() != second + 3) {
            throw new IllegalArgumentException("'" + value + "' is not a time of the form HH:MM:SS");
        }
        int h = digits(value, 0, first);
        int m = digits(value, first + 1, second);
        int s = digits(value, second + 1, value.length());
        if (m > 59 || s > 59) {
            throw new IllegalArgumentException("'" + value + "' has minutes or seconds above 59");
        }
        return h * 3600 + m * 60 + s;
    }

    public static String format(int seconds) {
        return String.format("%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60);
    }

    private static int digits(String value, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("'" + value + "' is not a time of the form HH:MM:SS");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }
}
