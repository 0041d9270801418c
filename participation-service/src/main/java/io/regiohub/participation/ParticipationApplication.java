package io.regiohub.participation;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Citizen participation: proposals (and, later, processes, supports, comments, surveys, accountability). */
@SpringBootApplication
public class ParticipationApplication {

    public static void main(String[] args) {
        SpringApplication.run(ParticipationApplication.class, args);
    }
}
