package io.regiohub.bench;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The baseline of the gateway benchmark: a stock Spring Cloud Gateway, one route per service and
 * no filters, no security, no rate limits, no circuit breaker. Started as its own process by
 * {@link GatewayBenchmark} with {@code --stock.funding=<url> --stock.participation=<url>}.
 */
@SpringBootApplication(scanBasePackages = "io.regiohub.bench.stock")
public class StockGateway {

    public static void main(String[] args) {
        new SpringApplicationBuilder(StockGateway.class)
                .web(WebApplicationType.REACTIVE)
                .properties(
                        "spring.cloud.gateway.server.webflux.routes[0].id=funding",
                        "spring.cloud.gateway.server.webflux.routes[0].uri=${stock.funding}",
                        "spring.cloud.gateway.server.webflux.routes[0].predicates[0]=Path=/api/funding/**",
                        "spring.cloud.gateway.server.webflux.routes[1].id=participation",
                        "spring.cloud.gateway.server.webflux.routes[1].uri=${stock.participation}",
                        "spring.cloud.gateway.server.webflux.routes[1].predicates[0]=Path=/api/participation/**",
                        "spring.main.banner-mode=off",
                        "logging.level.root=WARN")
                .run(args);
    }
}
