package io.regiohub.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/** {@code regiohub.identity.*} as Spring Boot binds it, from environment variables and properties. */
class IdentityPropertiesTest {

    static final String SECRET = "an-operator-secret-from-the-vault-0123456789";

    static IdentityProperties bindEnv(Map<String, Object> env) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment", env));
        return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate("regiohub.identity",
                IdentityProperties.class);
    }

    static IdentityProperties bind(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return new Binder(ConfigurationPropertySources.get(environment)).bindOrCreate("regiohub.identity",
                IdentityProperties.class);
    }

    @Test
    void theSecretComesFromAnEnvironmentVariableAndTheRestHasDefaults() {
        IdentityProperties p = bindEnv(Map.of("REGIOHUB_IDENTITY_KEYENCRYPTIONSECRET", SECRET));
        assertThat(p.keyEncryptionSecret()).isEqualTo(SECRET);
        assertThat(p.tokenLifetime()).isEqualTo(Duration.ofMinutes(5));
        assertThat(p.keyRotation().period()).isEqualTo(Duration.ofDays(30));
        assertThat(p.keyRotation().leadTime()).isEqualTo(Duration.ofHours(1));
        assertThat(p.keyRotation().clockSkew()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.keyRotation().checkInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.toString()).doesNotContain(SECRET);

        assertThat(bindEnv(Map.of("REGIOHUB_IDENTITY_KEY_ENCRYPTION_SECRET", SECRET,
                "REGIOHUB_IDENTITY_KEYROTATION_PERIOD", "7d")).keyRotation().period()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void aMissingOrShortSecretStopsTheStart() {
        assertThatThrownBy(() -> bind(Map.of())).isInstanceOf(BindException.class)
                .rootCause().hasMessageContaining("key-encryption-secret is not set");
        assertThatThrownBy(() -> bind(Map.of("regiohub.identity.key-encryption-secret", "short")))
                .rootCause().hasMessageContaining("too short");
    }

    @Test
    void theNextKeyMustBePublishedLongerThanTheInstancesTakeToNoticeIt() {
        assertThatThrownBy(() -> bind(Map.of("regiohub.identity.key-encryption-secret", SECRET,
                "regiohub.identity.key-rotation.lead-time", "30s")))
                .rootCause().hasMessageContaining("check-interval");
        assertThatThrownBy(() -> bind(Map.of("regiohub.identity.key-encryption-secret", SECRET,
                "regiohub.identity.key-rotation.lead-time", "40d")))
                .rootCause().hasMessageContaining("shorter than the period");
    }
}
