package io.regiohub.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * A token issuer for service tests, in place of identity-service: an RSA key, its JWK set served
 * over real HTTP on loopback (so services fetch and validate keys as in production), and tokens with
 * the hub's claims. One per test JVM.
 */
public final class TestTokens {

    private static volatile TestTokens instance;

    private final RSAKey key;
    private final HttpServer server;
    private final String issuer;

    private TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext("/oauth2/jwks", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> server.stop(0), "test-tokens-stop"));
    }

    public static TestTokens get() {
        TestTokens local = instance;
        if (local == null) {
            synchronized (TestTokens.class) {
                local = instance;
                if (local == null) {
                    local = new TestTokens();
                    instance = local;
                }
            }
        }
        return local;
    }

    public String issuer() {
        return issuer;
    }

    public String jwkSetUri() {
        return issuer + "/oauth2/jwks";
    }

    /** A token of a municipality's client (role MUNICIPALITY). */
    public String municipality(String ags) {
        return token("client-" + ags, ags, List.of("MUNICIPALITY"), Duration.ofMinutes(5));
    }

    public String programmeOffice() {
        return token("program-office", null, List.of("PROGRAM_OFFICE"), Duration.ofMinutes(5));
    }

    public String ops() {
        return token("ops", null, List.of("OPS"), Duration.ofMinutes(5));
    }

    public String token(String clientId, String municipality, List<String> roles, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(clientId)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .claim("roles", roles)
                .claim("scope", "hub");
        if (municipality != null) {
            claims.claim("municipality", municipality);
        }
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                    claims.build());
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
