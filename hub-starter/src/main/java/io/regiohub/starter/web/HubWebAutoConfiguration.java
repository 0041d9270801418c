package io.regiohub.starter.web;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubAccessInterceptor;
import io.regiohub.starter.security.TenantAccess;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The web side every service shares: {@link HubAccess} enforced, correlation ids in the logs, and an
 * OpenAPI document ({@code /v3/api-docs}) that the gateway aggregates, with each operation's access
 * rule as {@code x-regiohub-access} and the bearer scheme declared.
 */
@AutoConfiguration(afterName = "io.regiohub.starter.security.HubSecurityAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class HubWebAutoConfiguration {

    public static final String ACCESS_EXTENSION = "x-regiohub-access";

    @Bean
    WebMvcConfigurer hubAccessEnforcement(TenantAccess tenants) {
        HubAccessInterceptor interceptor = new HubAccessInterceptor(tenants);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor);
            }
        };
    }

    @Bean
    FilterRegistrationBean<CorrelationIdFilter> correlationIdFilter() {
        FilterRegistrationBean<CorrelationIdFilter> registration = new FilterRegistrationBean<>(new CorrelationIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OperationCustomizer.class)
    static class OpenApiDocument {

        @Bean
        OpenAPI hubOpenApi(@Value("${spring.application.name}") String service,
                           @Value("${regiohub.api.version:1}") String version) {
            return new OpenAPI()
                    .info(new Info().title("RegioHub " + service).version(version)
                            .description("Called through the gateway; every error is RFC 9457 Problem Details."))
                    // relative: the aggregated Swagger UI at the gateway sends requests to the gateway
                    .servers(List.of(new Server().url("/")))
                    .components(new Components().addSecuritySchemes("bearer", new SecurityScheme()
                            .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                            .description("client-credentials token of identity-service (POST /oauth2/token)")));
        }

        @Bean
        OperationCustomizer hubAccessDocumentation() {
            return (operation, handlerMethod) -> {
                HubAccess access = handlerMethod.getMethodAnnotation(HubAccess.class);
                if (access == null) {
                    return operation;
                }
                Map<String, Object> rule = new LinkedHashMap<>();
                rule.put("published", access.published());
                rule.put("roles", List.of(access.roles()));
                if (!access.tenant().isEmpty()) {
                    rule.put("tenant", access.tenant());
                }
                if (access.shared()) {
                    rule.put("shared", true);
                }
                operation.addExtension(ACCESS_EXTENSION, rule);
                if (!access.published()) {
                    operation.addSecurityItem(new SecurityRequirement().addList("bearer"));
                }
                return operation;
            };
        }
    }
}
