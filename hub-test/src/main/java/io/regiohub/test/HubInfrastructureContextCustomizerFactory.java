package io.regiohub.test;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Registered in {@code META-INF/spring.factories}; acts on test classes with {@link UsesHubInfrastructure}. */
public class HubInfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
                                                     List<ContextConfigurationAttributes> configAttributes) {
        UsesHubInfrastructure annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, UsesHubInfrastructure.class);
        return annotation == null ? null : new Customizer(annotation.database());
    }

    private record Customizer(String database) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            HubInfrastructure infra = HubInfrastructure.get();
            TestTokens tokens = TestTokens.get();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("hubInfrastructure", Map.of(
                    "spring.datasource.url", infra.jdbcUrl(database),
                    "spring.datasource.username", infra.username(),
                    "spring.datasource.password", infra.password(),
                    "spring.kafka.bootstrap-servers", infra.kafkaBootstrapServers(),
                    "spring.cloud.stream.kafka.binder.brokers", infra.kafkaBootstrapServers(),
                    // services validate tokens of the test issuer, fetching its keys over HTTP
                    "spring.security.oauth2.resourceserver.jwt.issuer-uri", tokens.issuer(),
                    "spring.security.oauth2.resourceserver.jwt.jwk-set-uri", tokens.jwkSetUri())));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customizer other && Objects.equals(database, other.database);
        }

        @Override
        public int hashCode() {
            return Objects.hash(database);
        }
    }
}
