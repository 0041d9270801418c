package io.regiohub.gateway;

import io.regiohub.gateway.ratelimit.RateLimitSettings;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The one entrance of the hub: validates tokens, limits each client's rate, routes
 * /api/{participation,mobility,funding,identity}/** and the token endpoint to the services behind a
 * circuit breaker per route, and answers every error of its own as Problem Details.
 */
@SpringBootApplication
@EnableConfigurationProperties({GatewaySettings.class, RateLimitSettings.class})
public class GatewayApplication {

    public static void main(String[] args) {
        SpringApplication.run(GatewayApplication.class, args);
    }
}
