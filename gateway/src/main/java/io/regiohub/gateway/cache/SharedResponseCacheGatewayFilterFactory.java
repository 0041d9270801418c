package io.regiohub.gateway.cache;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.support.HasRouteId;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * {@code SharedResponseCache=<max size>,<max revalidations>} on a route: its GET answers kept as an HTTP shared cache
 * keeps them (see {@link SharedResponseCache}). One cache per route.
 */
@Component
public class SharedResponseCacheGatewayFilterFactory
        extends AbstractGatewayFilterFactory<SharedResponseCacheGatewayFilterFactory.Config> {

    private final MeterRegistry meters;

    public SharedResponseCacheGatewayFilterFactory(MeterRegistry meters) {
        super(Config.class);
        this.meters = meters;
    }

    @Override
    public List<String> shortcutFieldOrder() {
        return List.of("maxSize", "maxRevalidations");
    }

    @Override
    public GatewayFilter apply(Config config) {
        return new SharedResponseCache(config.getMaxSize().toBytes(), config.getMaxRevalidations(), System::nanoTime, meters,
                config.getRouteId() == null ? "unnamed" : config.getRouteId());
    }

    public static class Config implements HasRouteId {
        /** The most the route's cached bodies may take together (least recently used go first). */
        private DataSize maxSize = DataSize.ofMegabytes(64);

        public DataSize getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(DataSize maxSize) {
            this.maxSize = maxSize;
        }

        /** How many stale copies of the route are refreshed at a time (the others are served stale meanwhile). */
        private int maxRevalidations = 2;

        public int getMaxRevalidations() {
            return maxRevalidations;
        }

        public void setMaxRevalidations(int maxRevalidations) {
            this.maxRevalidations = maxRevalidations;
        }

        private String routeId;

        @Override
        public void setRouteId(String routeId) {
            this.routeId = routeId;
        }

        @Override
        public String getRouteId() {
            return routeId;
        }
    }
}
