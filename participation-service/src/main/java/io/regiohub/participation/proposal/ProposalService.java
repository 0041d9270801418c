package io.regiohub.participation.proposal;

import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.web.HubProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class ProposalService {

    private final ProposalRepository repository;
    private final Outbox outbox;
    private final Clock clock;

    public ProposalService(ProposalRepository repository, Outbox outbox, Clock clock) {
        this.repository = repository;
        this.outbox = outbox;
        this.clock = clock;
    }

    public record Submitted(Proposal proposal, boolean created) {
    }

    /** Stores the proposal and its {@code proposal.submitted} event in one transaction. */
    @Transactional
    public Submitted submit(String municipality, SubmitProposal request, String idempotencyKey) {
        if (idempotencyKey != null) {
            Optional<Proposal> earlier = repository.findByIdempotencyKey(municipality, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), request);
            }
        }
        Proposal proposal = new Proposal(UUID.randomUUID(), municipality, null, request.title(), request.description(),
                request.topics().stream().distinct().toList(), request.citizen(), ProposalStatus.SUBMITTED,
                Instant.now(clock).truncatedTo(ChronoUnit.MICROS));
        if (!repository.insert(proposal, idempotencyKey)) {
            // a concurrent request with the same key won the race
            return replay(repository.findByIdempotencyKey(municipality, idempotencyKey).orElseThrow(), request);
        }
        outbox.publish(new ProposalSubmitted(proposal.id(), municipality, proposal.processId(), proposal.title(),
                proposal.description(), proposal.topics(), proposal.submittedAt()));
        return new Submitted(proposal, true);
    }

    private static Submitted replay(Proposal earlier, SubmitProposal request) {
        if (!Objects.equals(earlier.title(), request.title()) || !earlier.citizen().equals(request.citizen())) {
            throw HubProblem.conflict("Idempotency-Key was already used for a different proposal");
        }
        return new Submitted(earlier, false);
    }

    public Optional<Proposal> find(UUID id) {
        return repository.find(id);
    }

    public List<Proposal> list(String municipality, int limit) {
        return repository.list(municipality, limit);
    }
}
