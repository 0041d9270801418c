package io.regiohub.mobility;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Public-transport mobility. The foundation brings the service up with the hub runtime (outbox,
 * inbox, dead letters, Problem Details, health); schedules, realtime and Wi-Fi arrive with their issue.
 */
@SpringBootApplication
public class MobilityApplication {

    public static void main(String[] args) {
        SpringApplication.run(MobilityApplication.class, args);
    }
}
