package io.regiohub.starter.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call an endpoint, declared on the handler method and enforced before the request body is
 * even read ({@link HubAccessInterceptor}); the same declaration is published in the service's
 * OpenAPI document as {@code x-regiohub-access}, from which the access-matrix test calls every
 * endpoint with no token, a foreign municipality's token and a wrong role.
 *
 * <p>Every endpoint of a service carries it: {@code published} ones are readable without a token (and
 * must be listed in {@code regiohub.security.public-get} and the gateway's list), the others name
 * their roles, and those acting on one municipality's rows name the path variable holding its key.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface HubAccess {

    /** Roles that may call the endpoint ({@link HubRoles}); none for published content. */
    String[] roles() default {};

    /** Published content: anyone may read it, without a token. */
    boolean published() default false;

    /**
     * The path variable holding the municipality key the request acts on: a {@code MUNICIPALITY}
     * client passes only for its own key; {@code PROGRAM_OFFICE}, when among {@link #roles()}, for any.
     */
    String tenant() default "";

    /**
     * The endpoint serves what every caller with one of the {@link #roles()} shares, no municipality's
     * own rows (the programme office's calendar of advisory sessions), or only the caller's own share of
     * it: another municipality's client gets the same kind of answer as the owner's, never the owner's
     * data. The access matrix checks exactly that instead of expecting 403 or 404.
     */
    boolean shared() default false;
}
