package io.regiohub.identity.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.identity.keys.RotationPolicy.Plan;
import io.regiohub.identity.keys.RotationPolicy.State;
import io.regiohub.starter.Failures;
import io.regiohub.starter.PeriodicTask;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The token signing keys, persisted in {@code signing_key} and cached in memory.
 *
 * <p>Two views for Spring Authorization Server: {@link #signingKeySource()} holds exactly one key
 * with its private half, the one that signs now, so {@code NimbusJwtEncoder}'s selector always finds
 * a single match; {@link #publishedKeySource()} holds the public halves of the signing key, the next
 * key and the retired keys whose tokens may still be valid, for {@code /oauth2/jwks} and this
 * service's own token validation. Which key signs is decided at each call from the cached rows and
 * the clock, so every instance switches at the same moment.
 *
 * <p>At start and every {@code check-interval} each instance reloads the rows and, under a
 * PostgreSQL advisory lock, creates the next key when it is due and deletes expired ones
 * ({@link RotationPolicy}); {@link #rotate()} creates the next key on request.
 */
public class SigningKeys implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyRepository repository;
    private final KeyEncryption encryption;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final RotationPolicy policy;
    private final Duration checkInterval;
    private final Counter maintenanceFailures;

    /** The rows and their public keys as last read; replaced whole. */
    private volatile Snapshot snapshot = new Snapshot(List.of(), Map.of());
    /** Decrypted private keys of the signing and the next key, by kid. */
    private final Map<String, RSAKey> privateKeys = new ConcurrentHashMap<>();
    private final PeriodicTask schedule;

    private record Snapshot(List<SigningKeyRow> rows, Map<String, RSAKey> publicKeys) {
    }

    /** A key as operations see it. {@code publishedUntil} is null while no successor is scheduled. */
    public record KeyView(String kid, State state, Instant createdAt, Instant activatesAt, Instant retiresAt,
                          Instant publishedUntil) {
    }

    /**
     * The answer to a requested rotation.
     *
     * @param created false if a next key was scheduled already (it is returned)
     * @param next    the key that signs from its {@code activatesAt}
     * @param signing the key that signs until then
     */
    public record Rotation(boolean created, KeyView next, KeyView signing) {
    }

    public SigningKeys(SigningKeyRepository repository, KeyEncryption encryption, TransactionTemplate transactions,
                       Clock clock, RotationPolicy policy, Duration checkInterval, MeterRegistry meters) {
        this.repository = repository;
        this.encryption = encryption;
        this.transactions = transactions;
        this.clock = clock;
        this.policy = policy;
        this.checkInterval = checkInterval;
        this.maintenanceFailures = Counter.builder("identity.signing.keys.maintenance.failures")
                .description("Failed reloads or rotations of the signing keys").register(meters);
        Gauge.builder("identity.signing.key.age", this, SigningKeys::signingKeyAgeSeconds).baseUnit("seconds")
                .description("Since when the current signing key signs").register(meters);
        this.schedule = new PeriodicTask("signing-keys", checkInterval, this::maintain, e -> {
            maintenanceFailures.increment();
            log.warn("Reloading or rotating the signing keys failed, the cached keys stay in use, tried again in {}: {}",
                    checkInterval, Failures.rootMessage(e));
        });
    }

    /** At start: creates the first key on an empty table and loads the keys; fails the start if they don't decrypt. */
    @Override
    public void afterPropertiesSet() {
        maintain();
    }

    /** The key that signs now, with its private half: the only key of this source. */
    public JWKSource<SecurityContext> signingKeySource() {
        return (selector, context) -> selector.select(new JWKSet(signingKey()));
    }

    /** Public keys only: signing, next and still-needed retired keys. */
    public JWKSource<SecurityContext> publishedKeySource() {
        return (selector, context) -> selector.select(new JWKSet(publishedKeys()));
    }

    RSAKey signingKey() throws KeySourceException {
        Snapshot s = snapshot;
        SigningKeyRow row = policy.signing(s.rows(), clock.instant())
                .orElseThrow(() -> new KeySourceException("no signing key is active"));
        try {
            return privateKeys.computeIfAbsent(row.kid(), kid -> encryption.decrypt(s.publicKeys().get(kid),
                    row.privateKeyJwe()));
        } catch (IllegalStateException e) {
            throw new KeySourceException(e.getMessage(), e);
        }
    }

    List<JWK> publishedKeys() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        return policy.published(s.rows(), now).stream()
                .sorted((a, b) -> Integer.compare(rank(policy.state(a, s.rows(), now)), rank(policy.state(b, s.rows(), now))))
                .map(r -> (JWK) s.publicKeys().get(r.kid())).toList();
    }

    private static int rank(State state) {
        return switch (state) {
            case SIGNING -> 0;
            case NEXT -> 1;
            default -> 2;
        };
    }

    /** Every key in the table, oldest first, as of the last reload. */
    public List<KeyView> keys() {
        Snapshot s = snapshot;
        Instant now = clock.instant();
        return s.rows().stream().map(r -> view(r, s.rows(), now)).toList();
    }

    /**
     * Creates the next key now, signing after the lead time (the current one retires then), unless a
     * next key is scheduled already. Safe to call on several instances at once.
     */
    public Rotation rotate() {
        Rotation rotation = transactions.execute(status -> change(true));
        reload();
        return rotation;
    }

    /**
     * Reloads the keys, and creates the next key when it is due, the first key on an empty table,
     * and deletes keys published no more.
     */
    public void maintain() {
        List<SigningKeyRow> rows = repository.all();
        if (!policy.plan(rows, now(), false).changesNothing()) {
            transactions.executeWithoutResult(status -> change(false));
        }
        reload();
    }

    /** In a transaction: takes the rotation lock, then reads and decides afresh (another instance may have been first). */
    private Rotation change(boolean requested) {
        repository.lockForRotation();
        Instant now = now();
        List<SigningKeyRow> rows = repository.all();
        Plan plan = policy.plan(rows, now, requested);
        SigningKeyRow created = null;
        if (plan.createActivatingAt() != null) {
            created = create(now, plan.createActivatingAt(), plan.createRetiringAt());
            if (plan.retireKid() != null) {
                repository.retire(plan.retireKid(), plan.createActivatingAt());
            }
            log.info("Created signing key {}, published now, signing from {}{}", created.kid(),
                    created.activatesAt(), plan.retireKid() == null ? "" : " when " + plan.retireKid() + " retires");
        }
        if (repository.delete(plan.delete()) > 0) {
            log.info("Removed signing keys {} from the JWK set: every token they signed has expired", plan.delete());
        }
        if (!requested) {
            return null;
        }
        List<SigningKeyRow> after = repository.all();
        SigningKeyRow next = created != null ? created : plan.pending();
        SigningKeyRow signing = policy.signing(after, now).orElse(next);
        SigningKeyRow nextNow = after.stream().filter(r -> r.kid().equals(next.kid())).findFirst().orElse(next);
        return new Rotation(created != null, view(nextNow, after, now), view(signing, after, now));
    }

    private SigningKeyRow create(Instant now, Instant activatesAt, Instant retiresAt) {
        RSAKey key;
        try {
            key = new RSAKeyGenerator(2048)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate a signing key", e);
        }
        SigningKeyRow row = new SigningKeyRow(key.getKeyID(), key.toPublicJWK().toJSONString(), encryption.encrypt(key),
                now, activatesAt, retiresAt);
        repository.insert(row);
        return row;
    }

    /**
     * Reads the table into the cache; decrypts the keys that sign now or later, so a wrong secret
     * shows at once. One reload at a time, so an older read never replaces a newer one.
     */
    synchronized void reload() {
        List<SigningKeyRow> rows = repository.all();
        Instant now = clock.instant();
        Map<String, RSAKey> publicKeys = new HashMap<>();
        for (SigningKeyRow row : rows) {
            publicKeys.put(row.kid(), publicKey(row));
        }
        for (SigningKeyRow row : rows) {
            State state = policy.state(row, rows, now);
            if (state == State.SIGNING || state == State.NEXT) {
                privateKeys.computeIfAbsent(row.kid(), kid -> encryption.decrypt(publicKeys.get(kid), row.privateKeyJwe()));
            } else {
                privateKeys.remove(row.kid()); // signs no more: keep no private key of it in memory
            }
        }
        privateKeys.keySet().retainAll(publicKeys.keySet());
        snapshot = new Snapshot(List.copyOf(rows), Map.copyOf(publicKeys));
    }

    private static RSAKey publicKey(SigningKeyRow row) {
        try {
            RSAKey key = RSAKey.parse(row.publicJwk());
            if (key.isPrivate() || !row.kid().equals(key.getKeyID())) {
                throw new IllegalStateException("signing_key " + row.kid() + " holds a wrong public key");
            }
            return key;
        } catch (ParseException e) {
            throw new IllegalStateException("signing_key " + row.kid() + " holds no RSA public JWK", e);
        }
    }

    private KeyView view(SigningKeyRow row, List<SigningKeyRow> rows, Instant now) {
        return new KeyView(row.kid(), policy.state(row, rows, now), row.createdAt(), row.activatesAt(),
                row.retiresAt(), policy.publishedUntil(row));
    }

    /** Database precision, so what is decided equals what is stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private double signingKeyAgeSeconds() {
        Instant now = clock.instant();
        Optional<SigningKeyRow> signing = policy.signing(snapshot.rows(), now);
        return signing.map(r -> (double) Duration.between(r.activatesAt(), now).toSeconds()).orElse(Double.NaN);
    }

    /** Reload and rotation every check interval while the service runs; declared as a bean by {@link SigningKeyConfig}. */
    public PeriodicTask schedule() {
        return schedule;
    }
}
