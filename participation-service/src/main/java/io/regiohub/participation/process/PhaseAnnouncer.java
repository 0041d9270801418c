package io.regiohub.participation.process;

import io.regiohub.events.participation.PhaseChanged;
import io.regiohub.starter.PeriodicTask;
import io.regiohub.starter.outbox.Outbox;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phases change with the clock, not with a request: a periodic task finds the processes whose
 * current phase differs from the one last announced and publishes one {@link PhaseChanged} each,
 * in the transaction that records the announcement. The rows are locked with {@code SKIP LOCKED},
 * so several instances of the service announce each change once.
 */
@Configuration(proxyBeanMethods = false)
public class PhaseAnnouncer {

    private static final Logger log = LoggerFactory.getLogger(PhaseAnnouncer.class);
    private static final int BATCH = 100;

    private final ProcessRepository processes;
    private final ProcessService service;
    private final Outbox outbox;
    private final TransactionTemplate tx;

    public PhaseAnnouncer(ProcessRepository processes, ProcessService service, Outbox outbox, TransactionTemplate tx) {
        this.processes = processes;
        this.service = service;
        this.outbox = outbox;
        this.tx = tx;
    }

    @Bean
    PeriodicTask phaseAnnouncements(@Value("${regiohub.participation.phase-check-interval:PT5S}") Duration interval) {
        return new PeriodicTask("phase-announcer", interval, this::announceDue,
                e -> log.warn("announcing phase changes failed, trying again: {}", e.toString()));
    }

    /** @return the number of changes announced */
    public int announceDue() {
        int total = 0;
        Integer announced;
        do {
            announced = tx.execute(status -> announceBatch(service.now()));
            total += announced == null ? 0 : announced;
        } while (announced != null && announced == BATCH);
        return total;
    }

    private int announceBatch(Instant now) {
        var due = processes.lockUnannounced(now, BATCH);
        for (var d : due) {
            Process process = service.cached(d.id()).orElseThrow();
            Phase phase = process.phaseAt(now).orElse(null);
            String current = phase == null ? "" : phase.type().name();
            processes.announced(d.id(), current);
            outbox.publish(new PhaseChanged(d.id(), d.municipality(),
                    d.announcedPhase().isEmpty() ? null : d.announcedPhase(), phase == null ? null : current,
                    phase == null ? null : phase.endsAt(), now));
        }
        return due.size();
    }
}
