package io.regiohub.events;

import java.util.Arrays;
import java.util.Optional;

/**
 * The shared topic taxonomy of the region. Proposals, funding programmes and (later) hotspots and
 * processes are tagged with these codes so that towns and domains can be compared and matched.
 * The code is what travels in APIs and events.
 */
public enum Taxonomy {
    MOBILITY("mobility", "Mobilität"),
    PUBLIC_TRANSPORT("public-transport", "ÖPNV"),
    WLAN("wlan", "WLAN / öffentliches Wi-Fi"),
    BROADBAND("broadband", "Breitband"),
    DIGITAL_ADMINISTRATION("digital-administration", "Digitale Verwaltung"),
    SMART_CITY("smart-city", "Smart City / Smart Region"),
    CLIMATE("climate", "Klimaschutz"),
    ENERGY("energy", "Energie"),
    EDUCATION("education", "Bildung"),
    HEALTH("health", "Gesundheit"),
    CULTURE("culture", "Kultur"),
    RURAL_DEVELOPMENT("rural-development", "Ländliche Entwicklung"),
    PARTICIPATION("participation", "Bürgerbeteiligung");

    private final String code;
    private final String label;

    Taxonomy(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<Taxonomy> byCode(String code) {
        return Arrays.stream(values()).filter(t -> t.code.equals(code)).findFirst();
    }

    public static String codes() {
        return String.join(", ", Arrays.stream(values()).map(Taxonomy::code).toList());
    }
}
