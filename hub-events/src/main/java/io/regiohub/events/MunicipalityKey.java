package io.regiohub.events;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The official key of a tenant: the 8-digit Amtlicher Gemeindeschlüssel (AGS) of a municipality or
 * district-free city ({@code 06412000}, Frankfurt am Main), or the 5-digit Kreisschlüssel of a
 * district ({@code 06535}, Vogelsbergkreis). The first two digits name the federal state (01–16).
 */
public record MunicipalityKey(String value) {

    private static final Pattern FORMAT = Pattern.compile("\\d{5}|\\d{8}");

    public static final String FORMAT_DESCRIPTION =
            "an official municipality key: 8 digits (AGS) or 5 digits (district key), starting with a state code 01-16";

    public MunicipalityKey {
        String problem = problemWith(value);
        if (problem != null) {
            throw new InvalidMunicipalityKeyException(value, problem);
        }
    }

    public static MunicipalityKey of(String value) {
        return new MunicipalityKey(value);
    }

    public static boolean isValid(String value) {
        return problemWith(value) == null;
    }

    /** Why a value is not a municipality key, or {@code null} if it is one. */
    public static String problemWith(String value) {
        if (value == null || value.isEmpty()) {
            return "must not be empty";
        }
        if (!FORMAT.matcher(value).matches()) {
            return "must be " + FORMAT_DESCRIPTION;
        }
        int state = Integer.parseInt(value.substring(0, 2));
        if (state < 1 || state > 16) {
            return "state code " + value.substring(0, 2) + " does not exist (01-16)";
        }
        return null;
    }

    public boolean isDistrict() {
        return value.length() == 5;
    }

    /** The district (Kreis) a municipality belongs to, or the district itself. */
    public String districtKey() {
        return value.substring(0, 5);
    }

    @Override
    public String toString() {
        return value;
    }

    public static final class InvalidMunicipalityKeyException extends IllegalArgumentException {
        private final String rejectedValue;

        public InvalidMunicipalityKeyException(String rejectedValue, String reason) {
            super("municipality key " + Objects.toString(rejectedValue, "null") + " " + reason);
            this.rejectedValue = rejectedValue;
        }

        public String rejectedValue() {
            return rejectedValue;
        }
    }
}
