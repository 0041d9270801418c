package io.regiohub.bench.gtfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * CSV rows as UTF-8 into a stream (a zip entry): its own 64 KiB buffer, CRLF line ends, a field quoted (quotes
 * doubled) only when it holds a comma, a quote or a line break. A line end is written before the next row, so the
 * last one may be left out ({@link #finish(boolean)}).
 */
final class CsvOut {

    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;
    private boolean lineStart = true;
    private boolean pendingNewline;

    CsvOut(OutputStream out) {
        this.out = out;
    }

    /** The UTF-8 byte order mark, before the header. */
    CsvOut bom() throws IOException {
        put((byte) 0xEF);
        put((byte) 0xBB);
        put((byte) 0xBF);
        return this;
    }

    /** A whole row of text fields. */
    void row(String... fields) throws IOException {
        for (String f : fields) {
            field(f);
        }
        end();
    }

    CsvOut field(String s) throws IOException {
        sep();
        if (s == null || s.isEmpty()) {
            return this;
        }
        boolean quote = false;
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ',' || c == '"' || c == '\r' || c == '\n') {
                quote = true;
            } else if (c >= 0x80) {
                ascii = false;
            }
        }
        if (quote) {
            put((byte) '"');
            text(s.replace("\"", "\"\""), ascii);
            put((byte) '"');
        } else {
            text(s, ascii);
        }
        return this;
    }

    CsvOut field(long n) throws IOException {
        sep();
        number(n);
        return this;
    }

    CsvOut empty() throws IOException {
        sep();
        return this;
    }

    /** A GTFS time ({@code H:MM:SS}, hours past 24 too), hours below 10 with a leading zero or without. */
    CsvOut time(int seconds, boolean padHours) throws IOException {
        sep();
        int h = seconds / 3600;
        int m = seconds / 60 % 60;
        int s = seconds % 60;
        if (h < 10) {
            if (padHours) {
                put((byte) '0');
            }
            put((byte) ('0' + h));
        } else {
            number(h);
        }
        put((byte) ':');
        two(m);
        put((byte) ':');
        two(s);
        return this;
    }

    /** A coordinate with six decimals. */
    CsvOut coordinate(double value) throws IOException {
        sep();
        long scaled = Math.round(value * 1_000_000);
        if (scaled < 0) {
            put((byte) '-');
            scaled = -scaled;
        }
        number(scaled / 1_000_000);
        put((byte) '.');
        long frac = scaled % 1_000_000;
        for (long d = 100_000; d > 0; d /= 10) {
            put((byte) ('0' + frac / d % 10));
        }
        return this;
    }

    /** Ends the row: the line end follows with the next row or {@link #finish(boolean)}. */
    void end() {
        pendingNewline = true;
        lineStart = true;
    }

    /** Writes out the buffer, the last line end only if asked to. */
    void finish(boolean finalNewline) throws IOException {
        if (pendingNewline && finalNewline) {
            put((byte) '\r');
            put((byte) '\n');
        }
        pendingNewline = false;
        out.write(buf, 0, pos);
        pos = 0;
    }

    private void sep() throws IOException {
        if (pendingNewline) {
            put((byte) '\r');
            put((byte) '\n');
            pendingNewline = false;
        }
        if (lineStart) {
            lineStart = false;
        } else {
            put((byte) ',');
        }
    }

    private void text(String s, boolean ascii) throws IOException {
        if (ascii) {
            int n = s.length();
            if (pos + n > buf.length) {
                drain();
            }
            if (n > buf.length) {
                out.write(s.getBytes(StandardCharsets.US_ASCII));
                return;
            }
            for (int i = 0; i < n; i++) {
                buf[pos++] = (byte) s.charAt(i);
            }
        } else {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            if (pos + b.length > buf.length) {
                drain();
            }
            if (b.length > buf.length) {
                out.write(b);
                return;
            }
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }
    }

    private void number(long n) throws IOException {
        if (pos + 20 > buf.length) {
            drain();
        }
        if (n < 0) {
            buf[pos++] = '-';
            n = -n;
        }
        if (n < 10) {
            buf[pos++] = (byte) ('0' + n);
            return;
        }
        int start = pos;
        while (n > 0) {
            buf[pos++] = (byte) ('0' + n % 10);
            n /= 10;
        }
        for (int i = start, j = pos - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    private void two(int n) throws IOException {
        put((byte) ('0' + n / 10));
        put((byte) ('0' + n % 10));
    }

    private void put(byte b) throws IOException {
        if (pos == buf.length) {
            drain();
        }
        buf[pos++] = b;
    }

    private void drain() throws IOException {
        out.write(buf, 0, pos);
        pos = 0;
    }
}
