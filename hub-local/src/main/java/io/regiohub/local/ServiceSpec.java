package io.regiohub.local;

import java.util.List;

/**
 * One process of the hub that the launcher starts from its module's runnable jar.
 *
 * @param module    the Maven module, also the process name in logs
 * @param database  the PostgreSQL database of the service, or null (the gateway has none)
 * @param localArgs arguments only the local hub passes (e.g. the profile with demo clients)
 */
public record ServiceSpec(String module, String database, List<String> localArgs) {

    public ServiceSpec(String module, String database) {
        this(module, database, List.of());
    }
}
