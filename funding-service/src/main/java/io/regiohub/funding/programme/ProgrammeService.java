package io.regiohub.funding.programme;

import io.regiohub.events.funding.ProgrammePublished;
import io.regiohub.starter.directory.DirectoryEntry;
import io.regiohub.starter.directory.MunicipalityDirectory;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ProgrammeService {

    private final ProgrammeRepository programmes;
    private final MunicipalityDirectory directory;
    private final Outbox outbox;
    private final Clock clock;

    public ProgrammeService(ProgrammeRepository programmes, MunicipalityDirectory directory, Outbox outbox, Clock clock) {
        this.programmes = programmes;
        this.directory = directory;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * A programme as listed: whether its window is open now and, when the list is for one municipality,
     * whether that municipality is eligible and why (or why not).
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record ProgrammeForMunicipality(@com.fasterxml.jackson.annotation.JsonUnwrapped FundingProgramme programme,
                                           boolean open, Boolean eligible, List<String> reasons) {
    }

    /** Every programme, open windows first. */
    public List<ProgrammeForMunicipality> all() {
        Instant now = Instant.now(clock);
        return programmes.all().stream().map(p -> new ProgrammeForMunicipality(p, p.openAt(now), null, null))
                .sorted(ORDER).toList();
    }

    private static final java.util.Comparator<ProgrammeForMunicipality> ORDER =
            java.util.Comparator.comparing((ProgrammeForMunicipality p) -> !p.open())
                    .thenComparing(p -> p.programme().deadline(), java.util.Comparator.nullsLast(
                            java.util.Comparator.naturalOrder()))
                    .thenComparing(p -> p.programme().id());

    /** Publishes the programme (or its new version) and its {@code programme.published} event in one transaction. */
    @Transactional
    public FundingProgramme publish(String id, PublishProgramme request) {
        if (request.minPopulation() != null && request.maxPopulation() != null
                && request.minPopulation() > request.maxPopulation()) {
            throw HubProblem.invalidField("maxPopulation", "must not be below minPopulation");
        }
        if (request.opensAt() != null && request.deadline() != null && !request.opensAt().isBefore(request.deadline())) {
            throw HubProblem.invalidField("deadline", "must be after opensAt");
        }
        FundingProgramme saved;
        try {
            saved = programmes.upsert(id, request, Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        } catch (DataIntegrityViolationException e) {
            throw HubProblem.conflict("the budget of programme " + id + " cannot go below what has been granted from it");
        }
        outbox.publish(new ProgrammePublished(saved.id(), saved.name(), saved.funder(), saved.topics(),
                saved.eligibility().kinds(), saved.eligibility().minPopulation(), saved.eligibility().maxPopulation(),
                saved.eligibility().classification(), saved.opensAt(), saved.deadline(), saved.budget(),
                saved.publishedAt()));
        return saved;
    }

    /**
     * The programmes a municipality is eligible for, each with the reasons, open windows first, then by
     * deadline; with {@code includeIneligible} also the others, with the reason they are not.
     */
    public List<ProgrammeForMunicipality> forMunicipality(String key, boolean includeIneligible) {
        DirectoryEntry municipality = directory.find(key).orElseThrow(() -> HubProblem.notFound("municipality", key));
        Instant now = Instant.now(clock);
        return programmes.all().stream()
                .map(p -> {
                    Eligibility.Verdict verdict = p.eligibility().judge(municipality);
                    boolean open = p.openAt(now);
                    List<String> reasons = new java.util.ArrayList<>(verdict.reasons());
                    reasons.add(window(p, now));
                    return new ProgrammeForMunicipality(p, open, verdict.eligible(), List.copyOf(reasons));
                })
                .filter(p -> includeIneligible || p.eligible())
                .sorted(ORDER)
                .toList();
    }

    private static String window(FundingProgramme p, Instant now) {
        if (p.opensAt() != null && now.isBefore(p.opensAt())) {
            return "applications open on " + p.opensAt();
        }
        if (p.deadline() == null) {
            return "applications accepted continuously";
        }
        return now.isBefore(p.deadline()) ? "applications accepted until " + p.deadline()
                : "the deadline " + p.deadline() + " has passed";
    }
}
