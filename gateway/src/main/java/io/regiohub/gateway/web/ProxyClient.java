package io.regiohub.gateway.web;

import java.util.List;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.cloud.gateway.config.HttpClientCustomizer;
import org.springframework.cloud.gateway.config.HttpClientFactory;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.config.HttpClientSslConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.HttpResources;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The HTTP client the gateway proxies with: Spring Cloud Gateway's own, built from its properties and
 * customizers as always, with one pool of connections per event loop ({@link EventLoopConnections}).
 */
@Configuration(proxyBeanMethods = false)
public class ProxyClient {

    @Bean
    HttpClientFactory gatewayHttpClientFactory(HttpClientProperties properties, ServerProperties server,
                                               List<HttpClientCustomizer> customizers, HttpClientSslConfigurer ssl) {
        return new HttpClientFactory(properties, server, ssl, customizers) {
            @Override
            protected ConnectionProvider buildConnectionProvider(HttpClientProperties pool) {
                // the loops Reactor Netty's server and client share (Spring Boot's ReactorResourceFactory uses
                // the global resources unless told otherwise)
                return new EventLoopConnections(super.buildConnectionProvider(pool),
                        () -> HttpResources.get().onServer(LoopResources.DEFAULT_NATIVE));
            }
        };
    }
}
