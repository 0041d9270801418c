package io.regiohub.participation.comment;

/** Where a comment stands on the proposal. */
public enum Stance {
    FOR,
    NEUTRAL,
    AGAINST
}
