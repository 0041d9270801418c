package io.regiohub.funding.application;

import io.regiohub.events.funding.ApplicationDecided;
import io.regiohub.events.funding.ApplicationSubmitted;
import io.regiohub.events.funding.FundsDisbursed;
import io.regiohub.funding.consultation.Consultation;
import io.regiohub.funding.consultation.ConsultationRepository;
import io.regiohub.funding.pipeline.PipelineCounts;
import io.regiohub.funding.programme.FundingProgramme;
import io.regiohub.funding.programme.ProgrammeRepository;
import io.regiohub.funding.transition.Transitions;
import io.regiohub.starter.directory.MunicipalityDirectory;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Funding applications. Every transition is checked against {@link ApplicationStatus#next()} with the
 * application's row locked, and recorded with who made it and when; approvals take their amount from
 * the programme's budget in one conditional update, so racing decisions never over-grant.
 */
@Service
public class ApplicationService {

    public static final String AGGREGATE = "application";

    private final ApplicationRepository applications;
    private final ProgrammeRepository programmes;
    private final ConsultationRepository consultations;
    private final MunicipalityDirectory directory;
    private final Transitions transitions;
    private final PipelineCounts pipeline;
    private final TenantAccess access;
    private final Outbox outbox;
    private final Clock clock;

    public ApplicationService(ApplicationRepository applications, ProgrammeRepository programmes,
                              ConsultationRepository consultations, MunicipalityDirectory directory,
                              Transitions transitions, PipelineCounts pipeline, TenantAccess access, Outbox outbox,
                              Clock clock) {
        this.applications = applications;
        this.programmes = programmes;
        this.consultations = consultations;
        this.directory = directory;
        this.transitions = transitions;
        this.pipeline = pipeline;
        this.access = access;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Drafted(Application application, boolean created) {
    }

    public record ApplicationView(Application application, List<Transitions.Transition> history) {
    }

    @Transactional
    public Drafted draft(String municipality, DraftApplication request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<Application> earlier = applications.findByIdempotencyKey(municipality, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), request);
            }
        }
        if (programmes.find(request.programmeId()).isEmpty()) {
            throw HubProblem.invalidField("programmeId", "names no programme of the catalogue");
        }
        UUID proposalId = request.proposalId();
        if (request.consultationId() != null) {
            Consultation consultation = consultations.find(request.consultationId())
                    .filter(c -> c.municipality().equals(municipality))
                    .orElseThrow(() -> HubProblem.invalidField("consultationId",
                            "names no consultation of municipality " + municipality));
            if (proposalId == null) {
                proposalId = consultation.proposalId();
            }
        }
        Instant now = now();
        Application a = new Application(UUID.randomUUID(), municipality, request.programmeId(), request.title(),
                request.amountRequested(), null, request.consultationId(), proposalId, ApplicationStatus.DRAFT, null,
                now, null, null, null, null);
        if (!applications.insert(a, idempotencyKey)) {
            return replay(applications.findByIdempotencyKey(municipality, idempotencyKey).orElseThrow(), request);
        }
        transitions.record(AGGREGATE, a.id(), a.programmeId(), null, ApplicationStatus.DRAFT, actor(), now, null);
        return new Drafted(a, true);
    }

    private static Drafted replay(Application earlier, DraftApplication request) {
        if (!earlier.programmeId().equals(request.programmeId()) || !earlier.title().equals(request.title())
                || earlier.amountRequested().compareTo(request.amountRequested()) != 0
                || !Objects.equals(earlier.consultationId(), request.consultationId())) {
            throw HubProblem.conflict("Idempotency-Key was already used for a different application");
        }
        return new Drafted(earlier, false);
    }

    public ApplicationView view(UUID id) {
        return new ApplicationView(visible(applications.find(id), id), transitions.of(id));
    }

    public List<Application> forMunicipality(String municipality, int limit) {
        return applications.forMunicipality(municipality, limit);
    }

    /**
     * The municipality submits its draft: refused with 422 outside the programme's application window
     * or when the municipality is not eligible (the reasons named).
     */
    @Transactional
    public ApplicationView submit(UUID id) {
        Application a = visible(applications.lock(id), id);
        require(a, ApplicationStatus.SUBMITTED);
        FundingProgramme programme = programmes.find(a.programmeId()).orElseThrow();
        Instant now = now();
        if (programme.deadline() != null && !now.isBefore(programme.deadline())) {
            throw HubProblem.unprocessable("deadline-passed", "Deadline passed", "programme " + programme.id()
                    + " accepted applications until " + programme.deadline(), "programmeId",
                    "the application deadline has passed");
        }
        if (programme.opensAt() != null && now.isBefore(programme.opensAt())) {
            throw HubProblem.unprocessable("window-not-open", "Application window not open", "programme "
                    + programme.id() + " accepts applications from " + programme.opensAt(), "programmeId",
                    "the application window is not open yet");
        }
        directory.find(a.municipality()).ifPresent(m -> {
            var verdict = programme.eligibility().judge(m);
            if (!verdict.eligible()) {
                throw HubProblem.unprocessable("not-eligible", "Not eligible", String.join("; ", verdict.reasons()),
                        "programmeId", "municipality " + a.municipality() + " is not eligible");
            }
        });
        move(a, ApplicationStatus.SUBMITTED, now, null, null, null);
        pipeline.applied(a.municipality());
        outbox.publish(new ApplicationSubmitted(id, a.municipality(), a.programmeId(), a.title(), a.amountRequested(),
                a.consultationId(), a.proposalId(), now));
        return view(id);
    }

    /** The programme office takes the application into review. */
    @Transactional
    public ApplicationView review(UUID id) {
        Application a = applications.lock(id).orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
        require(a, ApplicationStatus.IN_REVIEW);
        move(a, ApplicationStatus.IN_REVIEW, now(), null, null, null);
        return view(id);
    }

    /**
     * The programme office decides: an approval grants {@code amountGranted} (at most what was
     * requested) from the programme's budget, refused with 409 when less is left.
     */
    @Transactional
    public ApplicationView decide(UUID id, boolean approved, BigDecimal amountGranted, String reason) {
        Application a = applications.lock(id).orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
        ApplicationStatus target = approved ? ApplicationStatus.APPROVED : ApplicationStatus.REJECTED;
        require(a, target);
        BigDecimal granted = null;
        if (approved) {
            if (amountGranted == null) {
                throw HubProblem.invalidField("amountGranted", "is required for an approval");
            }
            if (amountGranted.compareTo(a.amountRequested()) > 0) {
                throw HubProblem.invalidField("amountGranted", "must not exceed the amount requested ("
                        + a.amountRequested() + ")");
            }
            granted = amountGranted;
            if (!programmes.grant(a.programmeId(), granted)) {
                BigDecimal left = programmes.find(a.programmeId()).map(FundingProgramme::budgetLeft).orElse(null);
                throw HubProblem.conflict("programme " + a.programmeId() + " has " + left + " left, less than "
                        + granted);
            }
        } else if (amountGranted != null) {
            throw HubProblem.invalidField("amountGranted", "must be left out when the application is rejected");
        }
        Instant now = now();
        move(a, target, now, granted, reason, approved ? "granted " + granted : reason);
        if (approved) {
            pipeline.approved(a.municipality());
        }
        String programmeName = programmes.find(a.programmeId()).map(FundingProgramme::name).orElse(null);
        outbox.publish(new ApplicationDecided(id, a.municipality(), a.programmeId(), programmeName, approved, granted,
                reason, a.proposalId(), now));
        return view(id);
    }

    /** The programme office records that the granted funds were paid out. */
    @Transactional
    public ApplicationView disburse(UUID id) {
        Application a = applications.lock(id).orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
        require(a, ApplicationStatus.FUNDS_DISBURSED);
        Instant now = now();
        move(a, ApplicationStatus.FUNDS_DISBURSED, now, null, null, "disbursed " + a.amountGranted());
        outbox.publish(new FundsDisbursed(id, a.municipality(), a.programmeId(), a.amountGranted(), a.proposalId(), now));
        return view(id);
    }

    /** The funded project is completed (its municipality or the programme office says so). */
    @Transactional
    public ApplicationView complete(UUID id) {
        Application a = visible(applications.lock(id), id);
        require(a, ApplicationStatus.COMPLETED);
        move(a, ApplicationStatus.COMPLETED, now(), null, null, null);
        return view(id);
    }

    /** Moves the (checked, locked) application to {@code target} and records who did it and when. */
    private void move(Application a, ApplicationStatus target, Instant now, BigDecimal granted, String reason,
                      String detail) {
        applications.moveTo(a.id(), target, now, granted, reason);
        transitions.record(AGGREGATE, a.id(), a.programmeId(), a.status(), target, actor(), now, detail);
    }

    private Application visible(Optional<Application> found, UUID id) {
        return found.filter(a -> access.mayRead(a.municipality()))
                .orElseThrow(() -> HubProblem.notFound(AGGREGATE, id));
    }

    private static void require(Application a, ApplicationStatus target) {
        if (!a.status().canMoveTo(target)) {
            throw HubProblem.conflict("application " + a.id() + " is " + a.status() + " and cannot become " + target
                    + (a.status().next().isEmpty() ? "" : " (possible: " + a.status().next() + ")"));
        }
    }

    private String actor() {
        return access.caller().clientId();
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
