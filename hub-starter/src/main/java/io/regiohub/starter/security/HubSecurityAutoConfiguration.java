package io.regiohub.starter.security;

import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Every service validates the bearer token again (defence in depth behind the gateway): JWTs of
 * identity-service ({@code spring.security.oauth2.resourceserver.jwt.*}), roles from the
 * {@code roles} claim; health and metrics and the paths a service lists as public
 * ({@code regiohub.security.public-get}) are open, everything else needs a token. Ownership of rows
 * is checked by the service with {@link TenantAccess}.
 */
@AutoConfiguration(beforeName = {
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration"})
@EnableConfigurationProperties(HubSecurityAutoConfiguration.PublicPaths.class)
public class HubSecurityAutoConfiguration {

    /** @param publicGet GET paths (Ant-style patterns) that serve published content, open to anonymous callers */
    @ConfigurationProperties("regiohub.security")
    public record PublicPaths(@DefaultValue List<String> publicGet) {
    }

    @Bean
    @ConditionalOnMissingBean(SecurityFilterChain.class)
    SecurityFilterChain hubSecurity(HttpSecurity http, PublicPaths paths) throws Exception {
        http.authorizeHttpRequests(a -> {
            a.requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                    "/actuator/prometheus").permitAll();
            // the OpenAPI document describes the API and holds no data; the gateway serves it to Swagger UI
            a.requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**").permitAll();
            if (!paths.publicGet().isEmpty()) {
                a.requestMatchers(HttpMethod.GET, paths.publicGet().toArray(String[]::new)).permitAll();
            }
            a.requestMatchers("/error").permitAll();
            a.anyRequest().authenticated();
        });
        HubRoles.resourceServer(http, null);
        return http.build();
    }

    /**
     * No observation per security filter and authentication: Spring Security observed each of its
     * dozen filters and each token check of every request, a sixth of a service's CPU per request
     * (JFR, participation-service under load); {@code http.server.requests} still times every request.
     */
    @Bean
    @ConditionalOnMissingBean
    SecurityObservationSettings hubSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Every {@link JwtDecoder} of the service remembers the tokens it validated until they expire. */
    @Bean
    static BeanPostProcessor hubCachingJwtDecoders() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof JwtDecoder decoder && !(bean instanceof CachingJwtDecoder)
                        ? new CachingJwtDecoder(decoder, 100_000, Clock.systemUTC()) : bean;
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    TenantAccess tenantAccess() {
        return new TenantAccess();
    }
}
