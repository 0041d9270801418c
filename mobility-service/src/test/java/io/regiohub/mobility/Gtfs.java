package io.regiohub.mobility;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** GTFS zips for tests: the real fixtures, and small feeds written in the test with the quirks real feeds have. */
public final class Gtfs {

    private Gtfs() {
    }

    public static byte[] fixture(String name) {
        try (InputStream in = Gtfs.class.getResourceAsStream("/fixtures/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(f.getKey()));
                zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String date(LocalDate d) {
        return d.format(DateTimeFormatter.BASIC_ISO_DATE);
    }

    /**
     * A small town's feed in Europe/Berlin running every day from {@code from} to {@code to}, written as
     * real feeds are: a BOM on stops.txt, CRLF, quoted fields with commas and quotes, ids with colons,
     * spaces and umlauts, no final newline, times past 24:00:00, hours without a leading zero.
     * <ul>
     *   <li>line S1 (route {@code r:S1}): trip {@code T1} A 08:00 → B 08:10 → C 08:20 → D 08:30 (sequences 1, 2, 5, 7),
     *       trip {@code T 2} A 25:10 → B 25:20 → C 25:30 → D 25:40 (after midnight);</li>
     *   <li>stops: {@code de:06412:A} "Hauptwache", {@code Hbf, Gleis 2} "Hauptbahnhof, Gleis 2",
     *       {@code Süd "C"} "Südbahnhof", {@code D} "Endstation".</li>
     * </ul>
     */
    public static Map<String, String> town(LocalDate from, LocalDate to) {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\r\n"
                + "vgf,\"Verkehrsgesellschaft Frankfurt, VGF\",https://www.vgf-ffm.de,Europe/Berlin");
        files.put("stops.txt", "\uFEFFstop_id,stop_name,stop_lat,stop_lon\r\n"
                + "de:06412:A,Hauptwache,50.1142,8.6786\r\n"
                + "\"Hbf, Gleis 2\",\"Hauptbahnhof, Gleis 2\",50.1070,8.6638\r\n"
                + "\"Süd \"\"C\"\"\",Südbahnhof,50.0995,8.6866\r\n"
                + "D,Endstation,50.0900,8.7000");
        files.put("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\r\n"
                + "r:S1,vgf,S1,\"Hauptwache - Endstation\",2\r\n");
        files.put("calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\r\n"
                + "daily,1,1,1,1,1,1,1," + date(from) + "," + date(to) + "\r\n");
        files.put("trips.txt", "route_id,service_id,trip_id,trip_headsign\r\n"
                + "r:S1,daily,T1,Endstation\r\n"
                + "r:S1,daily,T 2,\"Endstation, Nacht\"");
        files.put("stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\r\n"
                + "T1,8:00:00,8:00:00,de:06412:A,1\r\n"
                + "T1,08:10:00,08:10:00,\"Hbf, Gleis 2\",2\r\n"
                + "T1,08:20:00,08:20:00,\"Süd \"\"C\"\"\",5\r\n"
                + "T1,08:30:00,08:30:00,D,7\r\n"
                + "T 2,25:10:00,25:10:00,de:06412:A,1\r\n"
                + "T 2,25:20:00,25:20:00,\"Hbf, Gleis 2\",2\r\n"
                + "T 2,25:30:00,25:30:00,\"Süd \"\"C\"\"\",5\r\n"
                + "T 2,25:40:00,25:40:00,D,7");
        return files;
    }
}
