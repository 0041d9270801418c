package io.regiohub.starter.directory;

import java.time.Instant;

/**
 * A municipality as the local copy of the directory knows it: the newest
 * {@link io.regiohub.events.identity.MunicipalityRecorded} of its key.
 *
 * @param key            the official key: AGS (8 digits) or district key (5 digits)
 * @param name           the municipality's name
 * @param kind           {@code DISTRICT_FREE_CITY}, {@code MUNICIPALITY} or {@code DISTRICT}
 * @param districtKey    the district a {@code MUNICIPALITY} belongs to; {@code null} for the other kinds
 * @param population     inhabitants, if the directory knows them
 * @param classification {@code URBAN} or {@code RURAL}
 * @param recordedAt     when identity-service recorded this version of the entry
 */
public record DirectoryEntry(
        String key,
        String name,
        String kind,
        String districtKey,
        Integer population,
        String classification,
        Instant recordedAt) {
}
