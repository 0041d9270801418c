package io.regiohub.mobility;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * Public-transport mobility: GTFS schedules imported and served as departure boards, GTFS-Realtime
 * delays, cancellations and alerts applied to them, and the Wi-Fi hotspots at stops.
 */
@SpringBootApplication
@EnableConfigurationProperties(MobilityProperties.class)
public class MobilityApplication {

    public static void main(String[] args) {
        SpringApplication.run(MobilityApplication.class, args);
    }
}
