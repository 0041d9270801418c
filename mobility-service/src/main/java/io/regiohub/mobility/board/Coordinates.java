package io.regiohub.mobility.board;

import io.regiohub.starter.web.HubProblem;

/** A point given as {@code lat,lon} in a query parameter. */
public final class Coordinates {

    private Coordinates() {
    }

    public static double[] parse(String field, String value) {
        String[] parts = value.split(",");
        if (parts.length == 2) {
            try {
                double lat = Double.parseDouble(parts[0].strip());
                double lon = Double.parseDouble(parts[1].strip());
                if (Math.abs(lat) <= 90 && Math.abs(lon) <= 180) {
                    return new double[] {lat, lon};
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw HubProblem.invalidField(field, "'" + value + "' is not a point lat,lon in degrees (e.g. 50.1109,8.6821)");
    }
}
