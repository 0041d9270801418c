package io.regiohub.identity.keys;

import io.micrometer.core.instrument.MeterRegistry;
import io.regiohub.identity.IdentityProperties;
import java.time.Clock;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import io.regiohub.starter.PeriodicTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The persisted, rotating signing keys (see {@link SigningKeys}). */
@Configuration(proxyBeanMethods = false)
public class SigningKeyConfig {

    /** How the local-only secret of application.yml begins; refused outside the profile {@code local}. */
    public static final String LOCAL_ONLY_PREFIX = "local-only";

    @Bean
    KeyEncryption keyEncryption(IdentityProperties properties, Environment environment) {
        if (properties.keyEncryptionSecret().startsWith(LOCAL_ONLY_PREFIX) && !environment.matchesProfiles("local")) {
            throw new IllegalStateException("regiohub.identity.key-encryption-secret is the local-only value outside "
                    + "the profile local: set a secret of your own (env REGIOHUB_IDENTITY_KEYENCRYPTIONSECRET)");
        }
        return new KeyEncryption(properties.keyEncryptionSecret());
    }

    @Bean
    @DependsOnDatabaseInitialization
    SigningKeys signingKeys(JdbcClient jdbc, KeyEncryption encryption, TransactionTemplate transactions, Clock clock,
                            IdentityProperties properties, MeterRegistry meters) {
        IdentityProperties.KeyRotation rotation = properties.keyRotation();
        RotationPolicy policy = new RotationPolicy(rotation.period(), rotation.leadTime(), properties.tokenLifetime(),
                rotation.clockSkew());
        return new SigningKeys(new SigningKeyRepository(jdbc), encryption, transactions, clock, policy,
                rotation.checkInterval(), meters);
    }

    @Bean
    PeriodicTask signingKeyMaintenance(SigningKeys keys) {
        return keys.schedule();
    }
}
