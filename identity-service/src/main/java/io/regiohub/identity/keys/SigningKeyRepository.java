package io.regiohub.identity.keys;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;

/** {@code signing_key} in PostgreSQL. */
public class SigningKeyRepository {

    /**
     * The transaction-scoped advisory lock every instance takes before it creates, retires or deletes
     * keys, so two instances never rotate at the same time ("REGIOKEY" in ASCII).
     */
    static final long ROTATION_LOCK = 0x524547494f4b4559L;

    private final JdbcClient jdbc;

    public SigningKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every key, oldest activation first. */
    public List<SigningKeyRow> all() {
        return jdbc.sql("""
                        SELECT kid, public_jwk, private_key_jwe, created_at, activates_at, retires_at
                        FROM signing_key ORDER BY activates_at""")
                .query((rs, n) -> new SigningKeyRow(rs.getString("kid"), rs.getString("public_jwk"),
                        rs.getString("private_key_jwe"), instant(rs.getTimestamp("created_at")),
                        instant(rs.getTimestamp("activates_at")), instant(rs.getTimestamp("retires_at"))))
                .list();
    }

    /** Waits for the rotation lock; held until the surrounding transaction ends. */
    public void lockForRotation() {
        jdbc.sql("SELECT pg_advisory_xact_lock(:lock)").param("lock", ROTATION_LOCK).query((RowCallbackHandler) rs -> { });
    }

    public void insert(SigningKeyRow row) {
        jdbc.sql("""
                        INSERT INTO signing_key (kid, public_jwk, private_key_jwe, created_at, activates_at, retires_at)
                        VALUES (:kid, :publicJwk, :privateKeyJwe, :createdAt, :activatesAt, :retiresAt)""")
                .param("kid", row.kid())
                .param("publicJwk", row.publicJwk())
                .param("privateKeyJwe", row.privateKeyJwe())
                .param("createdAt", Timestamp.from(row.createdAt()))
                .param("activatesAt", Timestamp.from(row.activatesAt()))
                .param("retiresAt", row.retiresAt() == null ? null : Timestamp.from(row.retiresAt()))
                .update();
    }

    public void retire(String kid, Instant retiresAt) {
        jdbc.sql("UPDATE signing_key SET retires_at = :retiresAt WHERE kid = :kid")
                .param("retiresAt", Timestamp.from(retiresAt)).param("kid", kid).update();
    }

    public int delete(Collection<String> kids) {
        return kids.isEmpty() ? 0 : jdbc.sql("DELETE FROM signing_key WHERE kid IN (:kids)").param("kids", kids).update();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
