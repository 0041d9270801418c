package io.regiohub.bench.gtfs;

/**
 * The names and places the generated feed is made of: Hessian towns (their real position, a weight for how many
 * stops they get and the official key of their district, the second part of a DELFI stop id), districts and
 * street or place names for stop names.
 */
final class Hessen {

    private Hessen() {
    }

    /** A town: its name as stop names spell it, centre, weight (about its size) and district key (AGS). */
    record Town(String name, double lat, double lon, int weight, String kreis) {
    }

    static final double MIN_LAT = 49.40;
    static final double MAX_LAT = 51.70;
    static final double MIN_LON = 7.70;
    static final double MAX_LON = 10.20;

    /** The towns trams run in (Frankfurt, Darmstadt, Kassel): indices into {@link #TOWNS}. */
    static final int[] TRAM_TOWNS = {0, 3, 2};

    static final Town[] TOWNS = {
        new Town("Frankfurt (Main)", 50.1109, 8.6821, 100, "06412"),
        new Town("Wiesbaden", 50.0782, 8.2398, 45, "06414"),
        new Town("Kassel", 51.3127, 9.4797, 35, "06611"),
        new Town("Darmstadt", 49.8728, 8.6512, 30, "06411"),
        new Town("Offenbach (Main)", 50.0956, 8.7761, 22, "06413"),
        new Town("Hanau", 50.1264, 8.9283, 16, "06435"),
        new Town("Gießen", 50.5841, 8.6784, 15, "06531"),
        new Town("Marburg (Lahn)", 50.8021, 8.7667, 13, "06534"),
        new Town("Fulda", 50.5558, 9.6808, 12, "06631"),
        new Town("Rüsselsheim", 49.9935, 8.4122, 10, "06433"),
        new Town("Bad Homburg v.d.Höhe", 50.2268, 8.6182, 9, "06434"),
        new Town("Wetzlar", 50.5611, 8.5045, 9, "06532"),
        new Town("Oberursel (Taunus)", 50.2028, 8.5769, 8, "06434"),
        new Town("Rodgau", 50.0225, 8.8852, 7, "06438"),
        new Town("Dreieich", 50.0200, 8.6950, 7, "06438"),
        new Town("Bensheim", 49.6811, 8.6228, 7, "06431"),
        new Town("Hofheim (Taunus)", 50.0900, 8.4490, 6, "06436"),
        new Town("Maintal", 50.1500, 8.8333, 6, "06435"),
        new Town("Neu-Isenburg", 50.0531, 8.6947, 6, "06438"),
        new Town("Langen (Hessen)", 49.9893, 8.6680, 6, "06438"),
        new Town("Limburg (Lahn)", 50.3836, 8.0503, 6, "06533"),
        new Town("Viernheim", 49.5403, 8.5786, 5, "06431"),
        new Town("Bad Vilbel", 50.1786, 8.7361, 5, "06440"),
        new Town("Mörfelden-Walldorf", 49.9896, 8.5661, 5, "06433"),
        new Town("Dietzenbach", 50.0086, 8.7794, 5, "06438"),
        new Town("Lampertheim", 49.5977, 8.4717, 5, "06431"),
        new Town("Bad Nauheim", 50.3667, 8.7500, 5, "06440"),
        new Town("Friedberg (Hessen)", 50.3353, 8.7550, 5, "06440"),
        new Town("Taunusstein", 50.1433, 8.1528, 4, "06439"),
        new Town("Griesheim", 49.8636, 8.5639, 4, "06432"),
        new Town("Bad Hersfeld", 50.8683, 9.7068, 4, "06632"),
        new Town("Baunatal", 51.2559, 9.4183, 4, "06633"),
        new Town("Groß-Gerau", 49.9214, 8.4822, 3, "06433"),
        new Town("Heppenheim (Bergstraße)", 49.6415, 8.6450, 3, "06431"),
        new Town("Idstein", 50.2167, 8.2667, 3, "06439"),
        new Town("Butzbach", 50.4350, 8.6703, 3, "06440"),
        new Town("Gelnhausen", 50.2020, 9.1870, 3, "06435"),
        new Town("Dillenburg", 50.7443, 8.2870, 3, "06532"),
        new Town("Herborn", 50.6825, 8.3061, 3, "06532"),
        new Town("Korbach", 51.2750, 8.8730, 3, "06635"),
        new Town("Alsfeld", 50.7511, 9.2711, 2, "06535"),
        new Town("Lauterbach (Hessen)", 50.6378, 9.3979, 2, "06535"),
        new Town("Eschwege", 51.1881, 10.0528, 2, "06636"),
        new Town("Witzenhausen", 51.3422, 9.8578, 2, "06636"),
        new Town("Hofgeismar", 51.4961, 9.3847, 2, "06633"),
        new Town("Frankenberg (Eder)", 51.0589, 8.7967, 2, "06635"),
        new Town("Fritzlar", 51.1333, 9.2667, 2, "06634"),
        new Town("Homberg (Efze)", 51.0333, 9.4000, 2, "06634"),
        new Town("Melsungen", 51.1300, 9.5500, 2, "06634"),
        new Town("Schwalmstadt", 50.9333, 9.2167, 2, "06634"),
        new Town("Biedenkopf", 50.9117, 8.5322, 2, "06534"),
        new Town("Schlüchtern", 50.3486, 9.5256, 2, "06435"),
        new Town("Hünfeld", 50.6711, 9.7664, 2, "06631"),
        new Town("Erbach (Odenwald)", 49.6583, 8.9944, 2, "06437"),
        new Town("Michelstadt", 49.6786, 9.0039, 2, "06437"),
        new Town("Dieburg", 49.8985, 8.8379, 2, "06432"),
        new Town("Büdingen", 50.2908, 9.1119, 2, "06440"),
        new Town("Weilburg", 50.4833, 8.2667, 2, "06533"),
        new Town("Rotenburg a.d. Fulda", 50.9961, 9.7275, 2, "06632"),
        new Town("Bad Wildungen", 51.1194, 9.1247, 2, "06635"),
        new Town("Stadtallendorf", 50.8228, 9.0192, 2, "06534"),
        new Town("Eltville am Rhein", 50.0286, 8.1175, 2, "06439"),
        new Town("Rüdesheim am Rhein", 49.9789, 7.9236, 1, "06439"),
        new Town("Bad Soden-Salmünster", 50.2800, 9.3667, 1, "06435"),
        new Town("Grünberg", 50.5939, 8.9592, 1, "06531"),
        new Town("Homberg (Ohm)", 50.7306, 9.0078, 1, "06535"),
        new Town("Kirchhain", 50.8256, 8.9276, 1, "06534"),
        new Town("Hessisch Lichtenau", 51.2000, 9.7167, 1, "06636"),
        new Town("Wolfhagen", 51.3267, 9.1700, 1, "06633"),
        new Town("Bad Arolsen", 51.3817, 9.0144, 1, "06635"),
    };

    /** Districts and villages: a town's outskirts are named {@code <Town>-<District>}. */
    static final String[] DISTRICTS = {
        "Kleinlinden", "Wieseck", "Allendorf", "Rödgen", "Bauerbach", "Cappel", "Wehrda", "Bonames",
        "Sachsenhausen", "Bornheim", "Höchst", "Nieder-Eschbach", "Oberzwehren", "Horas", "Lehnerz",
        "Großauheim", "Steinbach", "Eberstadt", "Arheilgen", "Kranichstein", "Biebrich", "Bierstadt",
        "Kesselstadt", "Bürgel", "Rumpenheim", "Dornheim", "Wallau", "Oberrad", "Schwanheim", "Heddernheim",
        "Wilhelmshöhe", "Harleshausen", "Oberweimar", "Niederwalgern", "Münchholzhausen", "Dutenhofen",
        "Großen-Buseck", "Ober-Mörlen", "Nieder-Weisel", "Weißkirchen", "Fauerbach", "Lützellinden",
        "Kirch-Göns", "Nieder-Roden", "Jügesheim", "Dudenhofen", "Hainhausen", "Süd", "Nord", "West",
    };

    /** Streets and places of ordinary stops (a few with a comma or a quote: they need quoting in CSV). */
    static final String[] PLACES = {
        "Marktplatz", "Rathaus", "Kirche", "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Schillerstraße",
        "Goethestraße", "Friedhof", "Am Sportplatz", "Lindenstraße", "Gartenstraße", "Mühlgasse",
        "Brückenstraße", "Kreuzstraße", "Untergasse", "Obergasse", "Am Anger", "Feuerwehrgerätehaus",
        "Dorfgemeinschaftshaus", "Bürgerhaus", "Gesamtschule", "Gymnasium", "Grundschule", "Krankenhaus",
        "Klinikum", "Gewerbegebiet", "Industriestraße", "Weißer Weg", "Große Straße", "Schloßstraße",
        "Schlossplatz", "Höhenstraße", "Waldstraße", "Mühlweg", "Friedrich-Ebert-Straße", "Wilhelmstraße",
        "Ludwigstraße", "Frankfurter Straße", "Kasseler Straße", "Gießener Straße", "Marburger Straße",
        "Fuldaer Straße", "Am Stadtpark", "Stadthalle", "Hallenbad", "Freibad", "Ärztehaus", "Südfriedhof",
        "Nordring", "Grüner Weg", "Lärchenweg", "Töpferstraße", "Königsberger Straße", "Breslauer Straße",
        "Post", "Ortsmitte", "Abzweig", "Siedlung", "Jägerhaus", "Raiffeisenstraße", "Zehntscheune",
        "Wendeplatz", "Universität", "Berufsschule", "Friedhof, Eingang Süd", "Bahnhof, Ostseite",
        "Gasthaus \"Zur Krone\"", "Straße der Einheit", "Am Weißen Stein", "Fußgängerzone",
    };

    /** Places of stations (parent stations with platforms); a town's first station is its (Haupt)bahnhof. */
    static final String[] STATION_PLACES = {
        "Busbahnhof", "Südbahnhof", "Ostbahnhof", "Westbahnhof", "Nordbahnhof", "Stadtmitte", "Marktplatz",
        "Rathaus", "Bahnhof Nord", "Schulzentrum", "Zentraler Omnibusbahnhof", "Klinikum", "Messe",
    };

    static final String[][] AGENCIES = {
        // agency_id, agency_name, agency_url, agency_phone
        {"RMSB", "Rhein-Main Stadtbahn und Bus GmbH", "https://www.rhein-main-stadtbahn.example", "+49 69 1234560"},
        {"RVM", "Regionalverkehr Mittelhessen", "https://www.rv-mittelhessen.example", "+49 641 987650"},
        {"VGNH", "Verkehrsgesellschaft Nordhessen mbH", "https://www.vg-nordhessen.example", "+49 561 445500"},
    };
}
