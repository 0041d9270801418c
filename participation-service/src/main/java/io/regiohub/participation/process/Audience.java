package io.regiohub.participation.process;

/**
 * Who takes part: the citizens (published: anyone reads the process and its proposals), or the
 * administration's own staff (internal participation: only the municipality's client and the
 * programme office read it; everyone else gets 404).
 */
public enum Audience {
    CITIZENS,
    STAFF
}
