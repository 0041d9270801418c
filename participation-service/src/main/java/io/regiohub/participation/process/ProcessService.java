package io.regiohub.participation.process;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.regiohub.events.participation.ProcessOpened;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Participation processes. A process does not change once opened, so the ones in use are kept in
 * memory: the support path, the hottest of the service, reads its process's phases without a query.
 */
@Service
public class ProcessService {

    private static final int CACHED = 10_000;

    private final ProcessRepository repository;
    private final TenantAccess access;
    private final Outbox outbox;
    private final Clock clock;
    private final int ideasBoxThreshold;
    private final Cache<UUID, Process> cache = Caffeine.newBuilder().maximumSize(CACHED).build();

    public ProcessService(ProcessRepository repository, TenantAccess access, Outbox outbox, Clock clock,
                          @Value("${regiohub.participation.ideas-box.support-threshold:50}") int ideasBoxThreshold) {
        this.repository = repository;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
        this.ideasBoxThreshold = ideasBoxThreshold;
    }

    public record Opened(Process process, boolean created) {
    }

    @Transactional
    public Opened open(String municipality, OpenProcess request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<Process> earlier = repository.findByIdempotencyKey(municipality, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), request);
            }
        }
        List<Phase> phases = request.checkedPhases().stream()
                .map(p -> new Phase(p.type(), micros(p.startsAt()), micros(p.endsAt()))).toList();
        Process process = new Process(UUID.randomUUID(), municipality, request.title(), request.description(),
                request.topics().stream().distinct().toList(), request.audience(), request.supportThreshold(), false,
                phases, now());
        if (!store(process, idempotencyKey)) {
            return replay(repository.findByIdempotencyKey(municipality, idempotencyKey).orElseThrow(), request);
        }
        return new Opened(process, true);
    }

    private static Opened replay(Process earlier, OpenProcess request) {
        if (!Objects.equals(earlier.title(), request.title()) || earlier.audience() != request.audience()) {
            throw HubProblem.conflict("Idempotency-Key was already used for a different process");
        }
        return new Opened(earlier, false);
    }

    /** Stores the process and its {@code process.opened} event; false if it exists already. */
    private boolean store(Process process, String idempotencyKey) {
        String current = process.phaseAt(process.createdAt()).map(p -> p.type().name()).orElse(null);
        if (!repository.insert(process, idempotencyKey, current == null ? "" : current)) {
            return false;
        }
        outbox.publish(new ProcessOpened(process.id(), process.municipality(), process.title(), process.topics(),
                process.audience().name(), process.supportThreshold(),
                process.phases().stream().map(p -> new ProcessOpened.Phase(p.type().name(), p.startsAt(), p.endsAt()))
                        .toList(),
                current, process.createdAt()));
        return true;
    }

    /**
     * The municipality's standing, always-open ideas box (one open-ended PROPOSALS phase), opened the
     * first time it is needed; part of the caller's transaction.
     */
    @Transactional
    public Process ideasBox(String municipality) {
        Optional<Process> box = repository.ideasBox(municipality);
        if (box.isPresent()) {
            return box.get();
        }
        Instant now = now();
        Process process = new Process(UUID.randomUUID(), municipality, "Ideenbox", null, List.of("participation"),
                Audience.CITIZENS, ideasBoxThreshold, true, List.of(new Phase(PhaseType.PROPOSALS, now, null)), now);
        if (store(process, null)) {
            return process;
        }
        return repository.ideasBox(municipality).orElseThrow(); // a concurrent request opened it first
    }

    /** The process as its reader may see it: a staff process only for its municipality and the programme office. */
    public Process visible(UUID id) {
        Process process = cached(id).orElseThrow(() -> HubProblem.notFound("process", id));
        if (!process.published() && !access.mayReadIfAuthenticated(process.municipality())) {
            throw HubProblem.notFound("process", id);
        }
        return process;
    }

    /** The process, from memory when it was read before. */
    public Optional<Process> cached(UUID id) {
        Process known = cache.getIfPresent(id);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Process> found = repository.find(id);
        found.ifPresent(p -> cache.put(id, p));
        return found;
    }

    public List<Process> forMunicipality(String municipality, int limit) {
        return repository.forMunicipality(municipality, access.mayReadIfAuthenticated(municipality), limit);
    }

    public Instant now() {
        return micros(Instant.now(clock));
    }

    private static Instant micros(Instant t) {
        return t.truncatedTo(ChronoUnit.MICROS);
    }
}
