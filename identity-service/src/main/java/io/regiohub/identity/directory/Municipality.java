package io.regiohub.identity.directory;

/** A tenant of the hub: a municipality, a district-free city or a district. */
public record Municipality(String key, String name, String kind, String districtKey, Integer population,
                           String classification) {
}
