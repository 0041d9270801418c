package io.regiohub.participation.survey;

import io.regiohub.starter.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Closes surveys whose phase has ended and publishes their results, on the phase check's interval. */
@Configuration(proxyBeanMethods = false)
public class SurveyClosings {

    private static final Logger log = LoggerFactory.getLogger(SurveyClosings.class);
    private static final int BATCH = 50;

    @Bean
    PeriodicTask surveyClosing(SurveyService surveys,
                               @Value("${regiohub.participation.phase-check-interval:PT5S}") Duration interval) {
        return new PeriodicTask("survey-closing", interval, () -> {
            while (surveys.closeDue(BATCH) == BATCH) {
                // another batch is due
            }
        }, e -> log.warn("closing surveys failed, trying again: {}", e.toString()));
    }
}
