package io.regiohub.gateway.security;

/**
 * The bearer token of the {@code Authorization} header (RFC 6750, section 2.1), checked with a loop
 * instead of Spring Security's case-insensitive regular expression, which under load was the
 * gateway's single most expensive check of a request (a JWT is several hundred characters). Same
 * rules as {@code ServerBearerTokenAuthenticationConverter} with its defaults: the scheme {@code Bearer}
 * in any case, one space, a b64token ({@code ALPHA DIGIT - . _ ~ + /}, then {@code =} padding only);
 * tokens in query parameters or form bodies are not accepted. No header, or another scheme: no
 * bearer authentication (the request stays anonymous); a malformed bearer token: 401
 * ({@link GatewayGuard}). {@code BearerTokensTest} proves both judge every header alike.
 */
public final class BearerTokens {

    private static final String SCHEME = "Bearer ";

    private BearerTokens() {
    }

    /** Whether the header names the bearer scheme (any case); its token may still be malformed. */
    static boolean isBearer(String header) {
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length() - 1);
    }

    /** The token of a header starting with the scheme (any case), or null when it is malformed. */
    static String token(String header) {
        int start = SCHEME.length();
        if (header.length() <= start || header.charAt(start - 1) != ' ') {
            return null;
        }
        int i = start;
        while (i < header.length() && b64tokenChar(header.charAt(i))) {
            i++;
        }
        if (i == start) {
            return null;
        }
        while (i < header.length() && header.charAt(i) == '=') {
            i++;
        }
        return i == header.length() ? header.substring(start) : null;
    }

    private static boolean b64tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
