package io.regiohub.local;

/**
 * One process of the hub that the launcher starts from its module's runnable jar.
 *
 * @param module   the Maven module, also the process name in logs
 * @param database the PostgreSQL database of the service, or null (the gateway has none)
 */
public record ServiceSpec(String module, String database) {
}
