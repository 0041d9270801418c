package io.regiohub.identity.client;

/** What a machine client may do in the hub; travels in the token's {@code roles} claim. */
public enum HubRole {
    /** A client of one municipality: writes only its own data. */
    MUNICIPALITY,
    /** The programme office: reads all tenants, runs funding. */
    PROGRAM_OFFICE,
    /** Operations: operations endpoints. */
    OPS
}
