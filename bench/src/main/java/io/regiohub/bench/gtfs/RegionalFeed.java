package io.regiohub.bench.gtfs;

import io.regiohub.bench.gtfs.Hessen.Town;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A reproducible, large regional GTFS feed of Hessen for the mobility service's benchmarks (schedule import,
 * departure boards, GTFS-Realtime): three agencies, stops with DELFI ids clustered around Hessian towns (about 5 %
 * of them stations with platforms), about 1,200 bus, tram and rail routes whose trips follow one or two stop
 * patterns of neighbouring stops, a year's calendar with the public holidays, frequency-based template trips and
 * exactly the number of stop times asked for. Written streaming into a zip (CRLF lines, {@code stops.txt} with a
 * UTF-8 BOM and no final line end, like real feeds); the same arguments give a byte-identical file.
 */
public final class RegionalFeed {

    public static final String WEEKDAY = "WEEKDAY";
    public static final String SATURDAY = "SATURDAY";
    public static final String SUNDAY = "SUNDAY";
    public static final String DAILY = "DAILY";

    static final String[] SERVICES = {WEEKDAY, SATURDAY, SUNDAY, DAILY};

    /** Every zip entry's time: fixed, and local (DOS) time, so the file does not depend on the time zone either. */
    private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(2024, 1, 1, 0, 0);
    /** Trip sketches per service (WEEKDAY, SATURDAY, SUNDAY, DAILY), 20,000 in all: any day has 8,000 or more. */
    private static final int[] SKETCH_QUOTA = {8_000, 4_000, 4_000, 4_000};
    private static final int BUSIEST = 100;
    private static final int MAX_ROUTES = 1_200;
    private static final int MAX_FREQUENCY_TRIPS = 200;

    private RegionalFeed() {
    }

    /**
     * A trip that runs by its timetable (not a frequency template): enough to address it in a TripUpdate. The
     * record's equality compares the array by identity.
     *
     * @param firstDeparture the departure at the first stop, in seconds of the service day (GTFS time: noon minus
     *     12 h; may be past 24:00:00)
     * @param stopSequences the trip's stop_sequence values, increasing
     */
    public record TripSketch(String tripId, String routeId, String serviceId, int firstDeparture,
            int[] stopSequences) {
    }

    /**
     * What {@link #write} wrote.
     *
     * @param frequencyTrips how many of {@code trips} are frequency templates (in {@code frequencies.txt})
     * @param firstDay the first day of the calendar
     * @param lastDay the last day of the calendar (a year later, the day before)
     * @param busiestStopIds the (up to) 100 stop ids with the most stop times, busiest first
     * @param tripSketches up to 20,000 trips that are not frequency-based, in file order; at least 8,000 of them
     *     (in a large feed) run on any day of the calendar
     */
    public record Summary(int agencies, int stops, int routes, int trips, long stopTimes, int frequencyTrips,
            LocalDate firstDay, LocalDate lastDay, List<String> busiestStopIds, List<TripSketch> tripSketches) {

        /** The service ids that run on the day (none outside the calendar), holidays as calendar_dates has them. */
        public Set<String> servicesOn(LocalDate date) {
            if (date.isBefore(firstDay) || date.isAfter(lastDay)) {
                return Set.of();
            }
            DayOfWeek day = date.getDayOfWeek();
            if (day == DayOfWeek.SUNDAY || holidays(date.getYear()).containsKey(date)) {
                return Set.of(SUNDAY, DAILY);
            }
            return Set.of(day == DayOfWeek.SATURDAY ? SATURDAY : WEEKDAY, DAILY);
        }
    }

    /**
     * Writes the feed.
     *
     * @param zip the zip file to write (replaced)
     * @param seed the seed of {@link Random}: the same arguments give the same bytes
     * @param stops how many stops (stations and platforms included); at least 100
     * @param stopTimes exactly how many stop times; at least 2
     * @param firstDay the calendar's first day; it runs for a year
     */
    public static Summary write(Path zip, long seed, int stops, long stopTimes, LocalDate firstDay)
            throws IOException {
        if (stops < 100) {
            throw new IllegalArgumentException("at least 100 stops, not " + stops);
        }
        if (stopTimes < 2) {
            throw new IllegalArgumentException("at least 2 stop times, not " + stopTimes);
        }
        return new Generator(seed, stops, stopTimes, firstDay).write(zip);
    }

    /** The public holidays in Hessen in a year (the nationwide ones and Corpus Christi), with their names. */
    public static NavigableMap<LocalDate, String> holidays(int year) {
        LocalDate easter = easterSunday(year);
        NavigableMap<LocalDate, String> h = new TreeMap<>();
        h.put(LocalDate.of(year, 1, 1), "Neujahr");
        h.put(easter.minusDays(2), "Karfreitag");
        h.put(easter.plusDays(1), "Ostermontag");
        h.put(LocalDate.of(year, 5, 1), "Tag der Arbeit");
        h.put(easter.plusDays(39), "Christi Himmelfahrt");
        h.put(easter.plusDays(50), "Pfingstmontag");
        h.put(easter.plusDays(60), "Fronleichnam");
        h.put(LocalDate.of(year, 10, 3), "Tag der Deutschen Einheit");
        h.put(LocalDate.of(year, 12, 25), "1. Weihnachtstag");
        h.put(LocalDate.of(year, 12, 26), "2. Weihnachtstag");
        return h;
    }

    /** The anonymous Gregorian algorithm. */
    static LocalDate easterSunday(int y) {
        int a = y % 19;
        int b = y / 100;
        int c = y % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(y, month, day);
    }

    /**
     * Writes a feed and prints what it holds and how long it took, then builds a TripUpdates message of 5,000
     * trips (or as many as the feed allows) for the first working day of the calendar.
     * Arguments: output path, seed, stops, stop times[, first day (ISO), default 2026-01-01].
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            System.err.println("usage: RegionalFeed <output.zip> <seed> <stops> <stopTimes> [firstDay]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        long seed = Long.parseLong(args[1]);
        int stops = Integer.parseInt(args[2]);
        long stopTimes = Long.parseLong(args[3]);
        LocalDate firstDay = args.length > 4 ? LocalDate.parse(args[4]) : LocalDate.of(2026, 1, 1);

        long t0 = System.nanoTime();
        Summary s = write(out, seed, stops, stopTimes, firstDay);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %,d bytes in %.2f s%n", out, Files.size(out), seconds);
        System.out.printf("  %d agencies, %,d stops, %,d routes, %,d trips (%d frequency-based), %,d stop times%n",
                s.agencies(), s.stops(), s.routes(), s.trips(), s.frequencyTrips(), s.stopTimes());
        System.out.printf("  calendar %s .. %s, %,d trip sketches, busiest stops %s%n", s.firstDay(), s.lastDay(),
                s.tripSketches().size(), s.busiestStopIds().subList(0, Math.min(5, s.busiestStopIds().size())));

        LocalDate day = s.firstDay();
        while (!s.servicesOn(day).contains(WEEKDAY)) {
            day = day.plusDays(1);
        }
        Set<String> services = s.servicesOn(day);
        long running = s.tripSketches().stream().filter(t -> services.contains(t.serviceId())).count();
        int trips = (int) Math.min(5_000, running);
        Instant at = day.atTime(LocalTime.of(8, 0)).atZone(ZoneId.of("Europe/Berlin")).toInstant();
        t0 = System.nanoTime();
        byte[] message = TripUpdatesFeed.build(s, seed, trips, day, at);
        System.out.printf("TripUpdates for %s, %,d trips: %,d bytes in %.3f s%n", day, trips, message.length,
                (System.nanoTime() - t0) / 1e9);
    }

    /** One feed's generation: everything drawn from one {@link Random} in a fixed order. */
    private static final class Generator {

        private static final double LAT_M = 110_540;
        /** Metres per degree of longitude, at the middle of Hessen. */
        private static final double LON_M = 111_320 * StrictMath.cos(StrictMath.toRadians(50.5));
        private static final double CELL_LAT = 0.01;
        private static final double CELL_LON = 0.015;

        private static final int TRAM = 0;
        private static final int RAIL = 2;
        private static final int BUS = 3;

        /** Kinds of route. */
        private static final int K_CITY = 0;
        private static final int K_REGIONAL = 1;
        private static final int K_EXPRESS = 2;
        private static final int K_NIGHT = 3;
        private static final int K_AST = 4;
        private static final int K_TRAM = 5;
        private static final int K_S = 6;
        private static final int K_RB = 7;
        private static final int K_RE = 8;

        private final Random rnd;
        private final long seed;
        private final int n;
        private final long stopTimes;
        private final LocalDate firstDay;
        private final LocalDate lastDay;

        // stops
        private final String[] stopId;
        private final String[] stopName;
        private final String[] stopCode;
        private final String[] platformCode;
        private final double[] lat;
        private final double[] lon;
        private final boolean[] station;
        private final int[] parent;
        private final int[] areaOf;
        private int[] areaFirst = new int[1024];
        private int[] areaCount = new int[1024];
        private int areas;
        private int[] boarding;
        private int[] platforms;

        // the grid of boarding stops
        private int gw;
        private int gh;
        private int[] cellStart;
        private int[] cellItems;
        private int[] areaMark;
        private int stamp;

        // routes
        private int routeCount;
        private int[] kind;
        private int[] type;
        private int[] agency;
        private String[] routeId;
        private String[] shortName;
        private String[] longName;
        private int[] len;
        private int[][][] patterns;
        private int[][][] hops;
        private int[][][] seqs;
        private boolean[] padHours;
        private boolean[] blankDefaults;
        private double[] weight;

        // trips
        private int tripCount;
        private int[] tRoute;
        private int[] tPattern;
        private int[] tService;
        private int[] tStart;
        private int[] tLen;
        private String[] tripId;
        private boolean[] frequency;
        private boolean[] sketch;
        private int[][] windows;
        private int frequencyTrips;

        Generator(long seed, int stops, long stopTimes, LocalDate firstDay) {
            this.seed = seed;
            this.rnd = new Random(seed);
            this.n = stops;
            this.stopTimes = stopTimes;
            this.firstDay = firstDay;
            this.lastDay = firstDay.plusYears(1).minusDays(1);
            stopId = new String[n];
            stopName = new String[n];
            stopCode = new String[n];
            platformCode = new String[n];
            lat = new double[n];
            lon = new double[n];
            station = new boolean[n];
            parent = new int[n];
            areaOf = new int[n];
        }

        Summary write(Path zip) throws IOException {
            makeStops();
            makeGrid();
            makeRoutes();
            planTrips();
            chooseFrequencyTrips();
            chooseSketches();

            Files.createDirectories(zip.toAbsolutePath().getParent());
            List<TripSketch> sketches = new ArrayList<>();
            int[] stopUse = new int[n];
            try (OutputStream file = Files.newOutputStream(zip);
                    ZipOutputStream z = new ZipOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                // deflating dominates the time: the fastest level writes 1.5M stop times in about a second, the
                // default one takes three or four (and saves a fifth of the size)
                z.setLevel(Deflater.BEST_SPEED);
                writeAgencies(entry(z, "agency.txt"));
                writeStops(entry(z, "stops.txt"));
                writeRoutes(entry(z, "routes.txt"));
                writeTrips(entry(z, "trips.txt"));
                writeStopTimes(entry(z, "stop_times.txt"), stopUse, sketches);
                writeCalendar(entry(z, "calendar.txt"));
                writeCalendarDates(entry(z, "calendar_dates.txt"));
                writeFrequencies(entry(z, "frequencies.txt"));
                writeFeedInfo(entry(z, "feed_info.txt"));
                z.closeEntry();
            }
            return new Summary(Hessen.AGENCIES.length, n, routeCount, tripCount, stopTimes, frequencyTrips,
                    firstDay, lastDay, busiest(stopUse), Collections.unmodifiableList(sketches));
        }

        private static CsvOut entry(ZipOutputStream z, String name) throws IOException {
            ZipEntry e = new ZipEntry(name);
            e.setTimeLocal(ENTRY_TIME);
            z.putNextEntry(e);
            return new CsvOut(z);
        }

        // ---------------------------------------------------------------- stops

        private void makeStops() {
            Town[] towns = Hessen.TOWNS;
            double[] townCum = new double[towns.length];
            double sum = 0;
            for (int t = 0; t < towns.length; t++) {
                sum += towns[t].weight();
                townCum[t] = sum;
            }
            Map<String, int[]> numbers = new HashMap<>();
            int[] townStations = new int[towns.length];
            Arrays.fill(parent, -1);
            int i = 0;
            int stations = 0;
            while (i < n) {
                int remaining = n - i;
                int t = pick(townCum, sum);
                Town town = towns[t];
                double sigma = 0.005 + 0.03 * StrictMath.sqrt(town.weight() / 100.0);
                int[] counter = numbers.computeIfAbsent(town.kreis(), k -> new int[] {1000 + rnd.nextInt(9000)});
                counter[0] += 1 + rnd.nextInt(3);
                String base = "de:" + town.kreis() + ":" + counter[0];
                int area = newArea();
                boolean makeStation = remaining >= 3 && stations * 20 <= i && rnd.nextInt(3) == 0;
                if (makeStation) {
                    double cLat = clampLat(town.lat() + rnd.nextGaussian() * sigma * 0.5);
                    double cLon = clampLon(town.lon() + rnd.nextGaussian() * sigma * 0.5 * LAT_M / LON_M);
                    String place = townStations[t]++ == 0 ? (town.weight() >= 9 ? "Hauptbahnhof" : "Bahnhof")
                            : Hessen.STATION_PLACES[rnd.nextInt(Hessen.STATION_PLACES.length)];
                    String name = town.name() + " " + place;
                    int platformsHere = Math.min(2 + rnd.nextInt(3), remaining - 1);
                    boolean letters = rnd.nextBoolean();
                    int st = i++;
                    setStop(st, base, name, "", "", cLat, cLon, area);
                    station[st] = true;
                    stations++;
                    areaFirst[area] = i;
                    areaCount[area] = platformsHere;
                    for (int p = 0; p < platformsHere; p++) {
                        int s = i++;
                        setStop(s, base + ":" + (1 + p / 2) + ":" + (1 + p % 2), name, "",
                                letters ? String.valueOf((char) ('A' + p)) : String.valueOf(p + 1),
                                clampLat(cLat + rnd.nextGaussian() * 0.0003),
                                clampLon(cLon + rnd.nextGaussian() * 0.0005), area);
                        parent[s] = st;
                    }
                } else {
                    boolean core = rnd.nextInt(10) < 6;
                    double sg = core ? sigma : sigma * 3;
                    double cLat = clampLat(town.lat() + rnd.nextGaussian() * sg);
                    double cLon = clampLon(town.lon() + rnd.nextGaussian() * sg * LAT_M / LON_M);
                    String place = Hessen.PLACES[rnd.nextInt(Hessen.PLACES.length)];
                    String name;
                    if (core) {
                        name = town.name() + (rnd.nextInt(100) < 8 ? ", " : " ") + place;
                    } else {
                        String district = Hessen.DISTRICTS[(t * 7 + rnd.nextInt(5)) % Hessen.DISTRICTS.length];
                        boolean plain = town.name().indexOf(' ') < 0;
                        name = town.name() + (plain ? "-" : " ") + district + " " + place;
                    }
                    int quays = Math.min(rnd.nextInt(10) < 6 ? 2 : 1, remaining);
                    boolean codes = rnd.nextInt(10) < 3;
                    String code = rnd.nextBoolean() ? String.valueOf(10_000 + rnd.nextInt(90_000)) : "";
                    areaFirst[area] = i;
                    areaCount[area] = quays;
                    for (int q = 0; q < quays; q++) {
                        int s = i++;
                        setStop(s, base + ":1:" + (q + 1), name, code, codes ? String.valueOf(q + 1) : "",
                                clampLat(cLat + rnd.nextGaussian() * 0.00015),
                                clampLon(cLon + rnd.nextGaussian() * 0.00025), area);
                    }
                }
            }
            int b = 0;
            int p = 0;
            for (int s = 0; s < n; s++) {
                if (!station[s]) {
                    b++;
                    if (parent[s] >= 0) {
                        p++;
                    }
                }
            }
            boarding = new int[b];
            platforms = new int[p];
            b = 0;
            p = 0;
            for (int s = 0; s < n; s++) {
                if (!station[s]) {
                    boarding[b++] = s;
                    if (parent[s] >= 0) {
                        platforms[p++] = s;
                    }
                }
            }
        }

        private void setStop(int s, String id, String name, String code, String platform, double la, double lo,
                int area) {
            stopId[s] = id;
            stopName[s] = name;
            stopCode[s] = code;
            platformCode[s] = platform;
            lat[s] = la;
            lon[s] = lo;
            areaOf[s] = area;
        }

        private int newArea() {
            if (areas == areaFirst.length) {
                areaFirst = Arrays.copyOf(areaFirst, areas * 2);
                areaCount = Arrays.copyOf(areaCount, areas * 2);
            }
            return areas++;
        }

        private static double clampLat(double v) {
            return Math.max(Hessen.MIN_LAT + 0.01, Math.min(Hessen.MAX_LAT - 0.01, v));
        }

        private static double clampLon(double v) {
            return Math.max(Hessen.MIN_LON + 0.01, Math.min(Hessen.MAX_LON - 0.01, v));
        }

        private int pick(double[] cumulative, double total) {
            double x = rnd.nextDouble() * total;
            for (int i = 0; i < cumulative.length; i++) {
                if (x < cumulative[i]) {
                    return i;
                }
            }
            return cumulative.length - 1;
        }

        // ---------------------------------------------------------------- the grid

        private int cellX(double lo) {
            return Math.max(0, Math.min(gw - 1, (int) ((lo - Hessen.MIN_LON) / CELL_LON)));
        }

        private int cellY(double la) {
            return Math.max(0, Math.min(gh - 1, (int) ((la - Hessen.MIN_LAT) / CELL_LAT)));
        }

        private void makeGrid() {
            gw = (int) StrictMath.ceil((Hessen.MAX_LON - Hessen.MIN_LON) / CELL_LON);
            gh = (int) StrictMath.ceil((Hessen.MAX_LAT - Hessen.MIN_LAT) / CELL_LAT);
            cellStart = new int[gw * gh + 1];
            for (int s : boarding) {
                cellStart[cellY(lat[s]) * gw + cellX(lon[s]) + 1]++;
            }
            for (int c = 0; c < gw * gh; c++) {
                cellStart[c + 1] += cellStart[c];
            }
            int[] fill = Arrays.copyOf(cellStart, gw * gh);
            cellItems = new int[boarding.length];
            for (int s : boarding) {
                cellItems[fill[cellY(lat[s]) * gw + cellX(lon[s])]++] = s;
            }
            areaMark = new int[areas];
        }

        private static double distance(double la1, double lo1, double la2, double lo2) {
            double dy = (la2 - la1) * LAT_M;
            double dx = (lo2 - lo1) * LON_M;
            return StrictMath.sqrt(dx * dx + dy * dy);
        }

        /** The boarding stop nearest to a point (a platform of a station if asked and there is one). */
        private int nearest(double la, double lo, boolean platformOnly) {
            int cx = cellX(lo);
            int cy = cellY(la);
            int best = -1;
            double bestD = Double.MAX_VALUE;
            for (int r = 0; r <= Math.max(gw, gh); r++) {
                for (int y = cy - r; y <= cy + r; y++) {
                    if (y < 0 || y >= gh) {
                        continue;
                    }
                    for (int x = cx - r; x <= cx + r; x++) {
                        if (x < 0 || x >= gw || (Math.abs(y - cy) != r && Math.abs(x - cx) != r)) {
                            continue;
                        }
                        int c = y * gw + x;
                        for (int k = cellStart[c]; k < cellStart[c + 1]; k++) {
                            int s = cellItems[k];
                            if (platformOnly && parent[s] < 0) {
                                continue;
                            }
                            double d = distance(la, lo, lat[s], lon[s]);
                            if (d < bestD) {
                                bestD = d;
                                best = s;
                            }
                        }
                    }
                }
                if (best >= 0 && r >= 1) {
                    return best;
                }
            }
            return best >= 0 ? best : boarding[0];
        }

        // ---------------------------------------------------------------- routes and their patterns

        private void makeRoutes() {
            routeCount = Math.max(1, Math.min(MAX_ROUTES, n / 25));
            kind = new int[routeCount];
            type = new int[routeCount];
            agency = new int[routeCount];
            routeId = new String[routeCount];
            shortName = new String[routeCount];
            longName = new String[routeCount];
            len = new int[routeCount];
            patterns = new int[routeCount][][];
            hops = new int[routeCount][][];
            seqs = new int[routeCount][][];
            padHours = new boolean[routeCount];
            blankDefaults = new boolean[routeCount];
            weight = new double[routeCount];

            Town[] towns = Hessen.TOWNS;
            double[] townCum = new double[towns.length];
            double sum = 0;
            for (int t = 0; t < towns.length; t++) {
                sum += towns[t].weight();
                townCum[t] = sum;
            }
            Set<String> names = new HashSet<>();
            int sLines = 0;
            for (int r = 0; r < routeCount; r++) {
                int roll = rnd.nextInt(100);
                int k = roll < 3 ? (rnd.nextInt(4) == 0 ? K_S : rnd.nextBoolean() ? K_RB : K_RE)
                        : roll < 5 ? K_TRAM
                        : roll < 7 ? K_EXPRESS
                        : roll < 10 ? K_NIGHT
                        : roll < 12 ? K_AST
                        : roll < 45 ? K_CITY
                        : K_REGIONAL;
                kind[r] = k;
                type[r] = k == K_TRAM ? TRAM : k >= K_S ? RAIL : BUS;

                int start;
                if (k == K_TRAM) {
                    Town town = towns[Hessen.TRAM_TOWNS[rnd.nextInt(Hessen.TRAM_TOWNS.length)]];
                    start = nearest(town.lat() + rnd.nextGaussian() * 0.02,
                            town.lon() + rnd.nextGaussian() * 0.03, false);
                } else if (type[r] == RAIL) {
                    start = platforms.length > 0 ? platforms[rnd.nextInt(platforms.length)]
                            : boarding[rnd.nextInt(boarding.length)];
                } else if (k == K_CITY) {
                    Town town = towns[pick(townCum, sum)];
                    start = nearest(town.lat() + rnd.nextGaussian() * 0.01,
                            town.lon() + rnd.nextGaussian() * 0.015, false);
                } else if (platforms.length > 0 && rnd.nextInt(10) < 4) {
                    start = platforms[rnd.nextInt(platforms.length)];
                } else {
                    start = boarding[rnd.nextInt(boarding.length)];
                }
                agency[r] = lat[start] > 50.95 ? 2 : lat[start] > 50.38 ? 1 : 0;

                String name = null;
                for (int attempt = 0; name == null || !names.add(agency[r] + ":" + name); attempt++) {
                    name = switch (k) {
                        case K_S -> "S" + (sLines < 9 ? ++sLines : 10 + rnd.nextInt(20));
                        case K_RB -> "RB" + (10 + rnd.nextInt(90));
                        case K_RE -> "RE" + (1 + rnd.nextInt(99));
                        case K_TRAM -> String.valueOf(1 + rnd.nextInt(21));
                        case K_EXPRESS -> "X" + (10 + rnd.nextInt(90));
                        case K_NIGHT -> "N" + (1 + rnd.nextInt(99));
                        case K_AST -> "AST " + (10 + rnd.nextInt(90));
                        case K_CITY -> (1 + rnd.nextInt(99)) + (rnd.nextInt(20) == 0 ? "A" : "");
                        default -> String.valueOf(100 + rnd.nextInt(900));
                    };
                    if (attempt > 20) {
                        name = name + "." + attempt;
                    }
                }
                shortName[r] = name;
                routeId[r] = Hessen.AGENCIES[agency[r]][0] + ":" + String.format("%05d", r + 1);

                int l = 15 + rnd.nextInt(11) + rnd.nextInt(11) + (rnd.nextInt(10) == 0 ? rnd.nextInt(6) : 0);
                l = Math.min(l, areas - 1);
                len[r] = l;
                int patternCount = rnd.nextInt(100) < 15 ? 1 : 2;
                double minDist = type[r] == RAIL ? 1500 : type[r] == TRAM ? 250 : 150;
                double speed = type[r] == RAIL ? 16 : type[r] == TRAM ? 6.5 : 6.0;
                int[] outbound = buildPattern(start, l, type[r] == RAIL, minDist);
                patterns[r] = new int[patternCount][];
                patterns[r][0] = outbound;
                if (patternCount == 2) {
                    int[] back = new int[l];
                    for (int i = 0; i < l; i++) {
                        back[i] = sibling(outbound[l - 1 - i]);
                    }
                    patterns[r][1] = back;
                }
                hops[r] = new int[patternCount][];
                seqs[r] = new int[patternCount][];
                int scheme = rnd.nextInt(4);
                for (int p = 0; p < patternCount; p++) {
                    int[] pat = patterns[r][p];
                    int[] hop = new int[l];
                    for (int i = 0; i + 1 < l; i++) {
                        double d = distance(lat[pat[i]], lon[pat[i]], lat[pat[i + 1]], lon[pat[i + 1]]);
                        hop[i] = (int) Math.max(60, Math.min(240, Math.round(d / speed) + 15));
                    }
                    hops[r][p] = hop;
                    int[] seq = new int[l];
                    int v = scheme == 1 ? 10 : scheme == 2 ? 0 : 1;
                    for (int i = 0; i < l; i++) {
                        seq[i] = v;
                        v += scheme == 1 ? 10 : scheme == 3 && rnd.nextInt(4) == 0 ? 2 + rnd.nextInt(3) : 1;
                    }
                    seqs[r][p] = seq;
                }
                longName[r] = stopName[outbound[0]] + " - " + stopName[outbound[l - 1]];
                padHours[r] = rnd.nextInt(5) != 0;
                blankDefaults[r] = rnd.nextInt(10) < 3;
                double w = switch (k) {
                    case K_S, K_RB, K_RE -> 3.0;
                    case K_TRAM -> 5.0;
                    case K_CITY -> 2.0;
                    case K_EXPRESS -> 1.0;
                    case K_NIGHT -> 0.2;
                    case K_AST -> 0.25;
                    default -> 0.6;
                };
                weight[r] = w * StrictMath.exp(0.6 * rnd.nextGaussian());
            }
        }

        /** The other quay of a stop's area (the opposite direction's), or the stop itself. */
        private int sibling(int s) {
            int a = areaOf[s];
            int c = areaCount[a];
            return c > 1 ? areaFirst[a] + (s - areaFirst[a] + 1) % c : s;
        }

        /** A walk of neighbouring stops, each in another stop area, heading roughly one way. */
        private int[] buildPattern(int start, int length, boolean rail, double minDist) {
            stamp++;
            int[] pat = new int[length];
            pat[0] = start;
            areaMark[areaOf[start]] = stamp;
            double heading = rnd.nextDouble() * 2 * StrictMath.PI;
            for (int i = 1; i < length; i++) {
                int cur = pat[i - 1];
                int next = step(cur, heading, rail, minDist);
                pat[i] = next;
                areaMark[areaOf[next]] = stamp;
                double bearing = StrictMath.atan2((lat[next] - lat[cur]) * LAT_M, (lon[next] - lon[cur]) * LON_M);
                heading += 0.4 * angleDiff(bearing, heading) + rnd.nextGaussian() * 0.15;
            }
            return pat;
        }

        private static double angleDiff(double a, double b) {
            double d = (a - b) % (2 * StrictMath.PI);
            if (d > StrictMath.PI) {
                d -= 2 * StrictMath.PI;
            } else if (d < -StrictMath.PI) {
                d += 2 * StrictMath.PI;
            }
            return d;
        }

        private int step(int cur, double heading, boolean rail, double minDist) {
            int cx = cellX(lon[cur]);
            int cy = cellY(lat[cur]);
            int maxR = rail ? 30 : 10;
            int[] cand = new int[64];
            double[] candD = new double[64];
            for (int pass = 0; pass < 2; pass++) {
                int count = 0;
                for (int r = 0; r <= maxR; r++) {
                    for (int y = cy - r; y <= cy + r; y++) {
                        if (y < 0 || y >= gh) {
                            continue;
                        }
                        for (int x = cx - r; x <= cx + r; x++) {
                            if (x < 0 || x >= gw || (Math.abs(y - cy) != r && Math.abs(x - cx) != r)) {
                                continue;
                            }
                            int c = y * gw + x;
                            for (int k = cellStart[c]; k < cellStart[c + 1]; k++) {
                                int s = cellItems[k];
                                if (areaMark[areaOf[s]] == stamp) {
                                    continue;
                                }
                                double d = distance(lat[cur], lon[cur], lat[s], lon[s]);
                                if (pass == 0) {
                                    if ((rail && parent[s] < 0) || d < minDist) {
                                        continue;
                                    }
                                    double bearing = StrictMath.atan2((lat[s] - lat[cur]) * LAT_M,
                                            (lon[s] - lon[cur]) * LON_M);
                                    if (Math.abs(angleDiff(bearing, heading)) > StrictMath.toRadians(75)) {
                                        continue;
                                    }
                                }
                                if (count == cand.length) {
                                    cand = Arrays.copyOf(cand, count * 2);
                                    candD = Arrays.copyOf(candD, count * 2);
                                }
                                cand[count] = s;
                                candD[count++] = d;
                            }
                        }
                    }
                    if ((count >= 3 && r >= 1) || (count >= 1 && r >= 3)) {
                        break;
                    }
                }
                if (count > 0) {
                    // the three nearest, the nearest the likeliest
                    int take = Math.min(3, count);
                    for (int a = 0; a < take; a++) {
                        int best = a;
                        for (int b = a + 1; b < count; b++) {
                            if (candD[b] < candD[best] || (candD[b] == candD[best] && cand[b] < cand[best])) {
                                best = b;
                            }
                        }
                        int ts = cand[a];
                        cand[a] = cand[best];
                        cand[best] = ts;
                        double td = candD[a];
                        candD[a] = candD[best];
                        candD[best] = td;
                    }
                    int roll = rnd.nextInt(10);
                    int choice = roll < 5 ? 0 : roll < 8 ? 1 : 2;
                    return cand[Math.min(choice, take - 1)];
                }
            }
            for (int attempt = 0; attempt < 1000; attempt++) {
                int s = boarding[rnd.nextInt(boarding.length)];
                if (areaMark[areaOf[s]] != stamp) {
                    return s;
                }
            }
            for (int s : boarding) {
                if (areaMark[areaOf[s]] != stamp) {
                    return s;
                }
            }
            throw new IllegalStateException("too few stop areas for a pattern");
        }

        // ---------------------------------------------------------------- trips

        private int[] serviceWeights(int k) {
            return switch (k) {
                case K_S, K_RB, K_RE -> new int[] {25, 8, 7, 60};
                case K_TRAM -> new int[] {45, 15, 10, 30};
                case K_NIGHT -> new int[] {20, 40, 40, 0};
                case K_AST -> new int[] {50, 25, 25, 0};
                default -> new int[] {55, 15, 10, 20};
            };
        }

        private void planTrips() {
            double[] cum = new double[routeCount];
            double total = 0;
            for (int r = 0; r < routeCount; r++) {
                total += weight[r];
                cum[r] = total;
            }
            int[][][] counts = new int[routeCount][2][4];
            List<int[]> extras = new ArrayList<>(); // route, pattern, service, length
            long sum = 0;
            int[] last = null;
            while (sum < stopTimes) {
                double x = rnd.nextDouble() * total;
                int r = Arrays.binarySearch(cum, x);
                r = r >= 0 ? Math.min(r + 1, routeCount - 1) : Math.min(-r - 1, routeCount - 1);
                int p = rnd.nextInt(patterns[r].length);
                int[] sw = serviceWeights(kind[r]);
                int roll = rnd.nextInt(100);
                int s = 0;
                for (int acc = sw[0]; roll >= acc; acc += sw[++s]) {
                    // the service the roll falls on
                }
                long remainder = stopTimes - sum;
                if (len[r] <= remainder) {
                    counts[r][p][s]++;
                    sum += len[r];
                    last = new int[] {r, p, s};
                } else if (remainder >= 2) {
                    extras.add(new int[] {r, p, s, (int) remainder});
                    sum += remainder;
                } else {
                    // one stop time left: the last full trip loses its last stop, a 2-stop trip takes the rest
                    counts[last[0]][last[1]][last[2]]--;
                    extras.add(new int[] {last[0], last[1], last[2], len[last[0]] - 1});
                    extras.add(new int[] {r, p, s, 2});
                    sum += 1;
                }
            }

            int trips = extras.size();
            for (int[][] a : counts) {
                for (int[] b : a) {
                    for (int c : b) {
                        trips += c;
                    }
                }
            }
            tripCount = trips;
            tRoute = new int[trips];
            tPattern = new int[trips];
            tService = new int[trips];
            tStart = new int[trips];
            tLen = new int[trips];
            int earliest = 4 * 3600 + 30 * 60;
            int latest = 26 * 3600 + 30 * 60;
            int i = 0;
            for (int r = 0; r < routeCount; r++) {
                for (int p = 0; p < patterns[r].length; p++) {
                    for (int s = 0; s < 4; s++) {
                        int full = counts[r][p][s];
                        List<Integer> trimmed = new ArrayList<>();
                        for (int[] e : extras) {
                            if (e[0] == r && e[1] == p && e[2] == s) {
                                trimmed.add(e[3]);
                            }
                        }
                        int c = full + trimmed.size();
                        if (c == 0) {
                            continue;
                        }
                        int first;
                        int end;
                        if (kind[r] == K_NIGHT) {
                            first = 22 * 3600 + rnd.nextInt(61) * 60;
                            end = latest - rnd.nextInt(31) * 60;
                        } else {
                            first = earliest + rnd.nextInt(151) * 60;
                            end = 22 * 3600 + rnd.nextInt(271) * 60;
                        }
                        for (int k = 0; k < c; k++) {
                            int start;
                            if (c == 1) {
                                start = first + rnd.nextInt((end - first) / 60 + 1) * 60;
                            } else {
                                start = (int) (first + (long) k * (end - first) / (c - 1)) / 60 * 60
                                        + (rnd.nextInt(3) - 1) * 60;
                            }
                            tRoute[i] = r;
                            tPattern[i] = p;
                            tService[i] = s;
                            tStart[i] = Math.max(earliest, Math.min(latest, start));
                            tLen[i] = k < full ? len[r] : trimmed.get(k - full);
                            i++;
                        }
                    }
                }
            }
            tripId = new String[trips];
            for (int t = 0; t < trips; t++) {
                int no = t + 1;
                tripId[t] = t % 200 != 101 ? "T" + no : switch (t / 200 % 5) {
                    case 0 -> "T" + no + ":1";
                    case 1 -> "T" + no + "/2";
                    case 2 -> "T" + no + ",V";
                    case 3 -> "T" + no + " Verstärker";
                    default -> "de:rmv:T" + no + ":" + firstDay.getYear();
                };
            }
        }

        private void chooseFrequencyTrips() {
            frequency = new boolean[tripCount];
            windows = new int[tripCount][];
            int[] cand = new int[tripCount];
            int c = 0;
            for (int t = 0; t < tripCount; t++) {
                int k = kind[tRoute[t]];
                if (k == K_TRAM || k == K_CITY) {
                    cand[c++] = t;
                }
            }
            int want = Math.min(Math.min(MAX_FREQUENCY_TRIPS, tripCount / 20), c);
            for (int j = 0; j < want; j++) {
                int pick = j + rnd.nextInt(c - j);
                int tmp = cand[j];
                cand[j] = cand[pick];
                cand[pick] = tmp;
            }
            int[] chosen = Arrays.copyOf(cand, want);
            Arrays.sort(chosen);
            int[] headways = {300, 600, 600, 900, 1200};
            for (int t : chosen) {
                frequency[t] = true;
                int exact = rnd.nextInt(10) < 3 ? 1 : 0;
                int s1 = 6 * 3600 + rnd.nextInt(7) * 600;
                int e1 = s1 + (2 + rnd.nextInt(3)) * 3600;
                int h1 = headways[rnd.nextInt(headways.length)];
                if (rnd.nextBoolean()) {
                    int s2 = 15 * 3600 + rnd.nextInt(4) * 900;
                    int h2 = headways[rnd.nextInt(headways.length)];
                    windows[t] = new int[] {s1, e1, h1, exact, s2, s2 + 3 * 3600, h2, exact};
                } else {
                    windows[t] = new int[] {s1, e1, h1, exact};
                }
                tStart[t] = s1;
            }
            frequencyTrips = want;
        }

        private void chooseSketches() {
            sketch = new boolean[tripCount];
            for (int s = 0; s < 4; s++) {
                int[] cand = new int[tripCount];
                int c = 0;
                for (int t = 0; t < tripCount; t++) {
                    if (tService[t] == s && !frequency[t]) {
                        cand[c++] = t;
                    }
                }
                int want = Math.min(SKETCH_QUOTA[s], c);
                for (int j = 0; j < want; j++) {
                    int pick = j + rnd.nextInt(c - j);
                    int tmp = cand[j];
                    cand[j] = cand[pick];
                    cand[pick] = tmp;
                    sketch[cand[j]] = true;
                }
            }
        }

        // ---------------------------------------------------------------- the files

        private void writeAgencies(CsvOut out) throws IOException {
            out.row("agency_id", "agency_name", "agency_url", "agency_timezone", "agency_lang", "agency_phone");
            for (String[] a : Hessen.AGENCIES) {
                out.row(a[0], a[1], a[2], "Europe/Berlin", "de", a[3]);
            }
            out.finish(true);
        }

        private void writeStops(CsvOut out) throws IOException {
            out.bom();
            out.row("stop_id", "stop_code", "stop_name", "stop_lat", "stop_lon", "location_type", "parent_station",
                    "platform_code");
            for (int s = 0; s < n; s++) {
                out.field(stopId[s]).field(stopCode[s]).field(stopName[s]).coordinate(lat[s]).coordinate(lon[s]);
                if (station[s]) {
                    out.field(1);
                } else if (parent[s] >= 0 || s % 3 != 0) {
                    out.field(0);
                } else {
                    out.empty();
                }
                out.field(parent[s] >= 0 ? stopId[parent[s]] : "").field(platformCode[s]).end();
            }
            out.finish(false);
        }

        private void writeRoutes(CsvOut out) throws IOException {
            out.row("route_id", "agency_id", "route_short_name", "route_long_name", "route_type", "route_color",
                    "route_text_color");
            for (int r = 0; r < routeCount; r++) {
                String color = switch (kind[r]) {
                    case K_S -> "008D4F";
                    case K_RB, K_RE -> "EC0016";
                    case K_TRAM -> "E4000F";
                    case K_EXPRESS -> "0066B3";
                    case K_NIGHT -> "1F1F5C";
                    default -> "";
                };
                out.field(routeId[r]).field(Hessen.AGENCIES[agency[r]][0]).field(shortName[r]).field(longName[r])
                        .field(type[r]).field(color).field(color.isEmpty() ? "" : "FFFFFF").end();
            }
            out.finish(true);
        }

        private void writeTrips(CsvOut out) throws IOException {
            out.row("route_id", "service_id", "trip_id", "trip_headsign", "direction_id", "shape_id");
            for (int t = 0; t < tripCount; t++) {
                int r = tRoute[t];
                int[] pat = patterns[r][tPattern[t]];
                out.field(routeId[r]).field(SERVICES[tService[t]]).field(tripId[t])
                        .field(stopName[pat[tLen[t] - 1]]).field(tPattern[t]).empty().end();
            }
            out.finish(true);
        }

        private void writeStopTimes(CsvOut out, int[] stopUse, List<TripSketch> sketches) throws IOException {
            out.row("trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence", "pickup_type",
                    "drop_off_type");
            for (int t = 0; t < tripCount; t++) {
                int r = tRoute[t];
                int p = tPattern[t];
                int[] pat = patterns[r][p];
                int[] hop = hops[r][p];
                int[] seq = seqs[r][p];
                int l = tLen[t];
                int start = tStart[t];
                int percent = (start >= 6 * 3600 + 1800 && start < 9 * 3600)
                        || (start >= 15 * 3600 + 1800 && start < 18 * 3600 + 1800) ? 110
                        : start >= 21 * 3600 ? 90 : 100;
                boolean pad = padHours[r];
                boolean blank = blankDefaults[r];
                boolean ast = kind[r] == K_AST;
                String id = tripId[t];
                int time = start;
                for (int k = 0; k < l; k++) {
                    int dwell = k == 0 || k == l - 1 || rnd.nextInt(3) == 0 ? 0 : rnd.nextInt(61);
                    int s = pat[k];
                    stopUse[s]++;
                    out.field(id).time(time, pad).time(time + dwell, pad).field(stopId[s]).field(seq[k]);
                    if (k == l - 1) {
                        out.field(1);
                    } else {
                        pickupOrDropOff(out, ast && k > 0, blank);
                    }
                    if (k == 0) {
                        out.field(1);
                    } else {
                        pickupOrDropOff(out, ast && k < l - 1, blank);
                    }
                    out.end();
                    time += dwell + Math.max(60, Math.min(240, hop[k] * percent / 100));
                }
                if (sketch[t]) {
                    sketches.add(new TripSketch(id, routeId[r], SERVICES[tService[t]], start,
                            Arrays.copyOf(seq, l)));
                }
            }
            out.finish(true);
        }

        private static void pickupOrDropOff(CsvOut out, boolean phone, boolean blank) throws IOException {
            if (phone) {
                out.field(2);
            } else if (blank) {
                out.empty();
            } else {
                out.field(0);
            }
        }

        private void writeCalendar(CsvOut out) throws IOException {
            out.row("service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
                    "start_date", "end_date");
            String from = firstDay.format(DateTimeFormatter.BASIC_ISO_DATE);
            String to = lastDay.format(DateTimeFormatter.BASIC_ISO_DATE);
            out.row(WEEKDAY, "1", "1", "1", "1", "1", "0", "0", from, to);
            out.row(SATURDAY, "0", "0", "0", "0", "0", "1", "0", from, to);
            out.row(SUNDAY, "0", "0", "0", "0", "0", "0", "1", from, to);
            out.row(DAILY, "1", "1", "1", "1", "1", "1", "1", from, to);
            out.finish(true);
        }

        private void writeCalendarDates(CsvOut out) throws IOException {
            out.row("service_id", "date", "exception_type");
            for (int year = firstDay.getYear(); year <= lastDay.getYear(); year++) {
                for (LocalDate day : holidays(year).keySet()) {
                    if (day.isBefore(firstDay) || day.isAfter(lastDay) || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                        continue;
                    }
                    String date = day.format(DateTimeFormatter.BASIC_ISO_DATE);
                    out.row(day.getDayOfWeek() == DayOfWeek.SATURDAY ? SATURDAY : WEEKDAY, date, "2");
                    out.row(SUNDAY, date, "1");
                }
            }
            out.finish(true);
        }

        private void writeFrequencies(CsvOut out) throws IOException {
            out.row("trip_id", "start_time", "end_time", "headway_secs", "exact_times");
            for (int t = 0; t < tripCount; t++) {
                int[] w = windows[t];
                if (w == null) {
                    continue;
                }
                for (int i = 0; i < w.length; i += 4) {
                    out.field(tripId[t]).time(w[i], true).time(w[i + 1], true).field(w[i + 2]).field(w[i + 3]).end();
                }
            }
            out.finish(true);
        }

        private void writeFeedInfo(CsvOut out) throws IOException {
            out.row("feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date",
                    "feed_version");
            out.row("RegioHub Benchmark", "https://regiohub.example", "de",
                    firstDay.format(DateTimeFormatter.BASIC_ISO_DATE), lastDay.format(DateTimeFormatter.BASIC_ISO_DATE),
                    "hessen-" + seed + "-" + n + "-" + stopTimes);
            out.finish(true);
        }

        private List<String> busiest(int[] stopUse) {
            long[] keys = new long[n];
            for (int s = 0; s < n; s++) {
                keys[s] = ((long) (Integer.MAX_VALUE - stopUse[s]) << 32) | s;
            }
            Arrays.sort(keys);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n && ids.size() < BUSIEST; i++) {
                int s = (int) keys[i];
                if (stopUse[s] == 0) {
                    break;
                }
                ids.add(stopId[s]);
            }
            return List.copyOf(ids);
        }
    }
}
