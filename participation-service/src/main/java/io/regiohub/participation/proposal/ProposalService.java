package io.regiohub.participation.proposal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.events.participation.SupportThresholdReached;
import io.regiohub.participation.process.Action;
import io.regiohub.participation.process.Process;
import io.regiohub.participation.process.ProcessService;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Proposals: submitted into a process during its proposals phase, edited by their author until the
 * first support, supported once per citizen, answered by their municipality, withdrawn by their
 * author, and moved along the accountability chain by what other domains report.
 */
@Service
public class ProposalService {

    /** Sources of a step, as events and the API name them. */
    public static final String BY_MUNICIPALITY = "municipality";
    public static final String BY_CITIZEN = "citizen";

    private final ProposalRepository repository;
    private final ProcessService processes;
    private final TenantAccess access;
    private final Outbox outbox;

    public ProposalService(ProposalRepository repository, ProcessService processes, TenantAccess access, Outbox outbox) {
        this.repository = repository;
        this.processes = processes;
        this.access = access;
        this.outbox = outbox;
    }

    public record Submitted(Proposal proposal, boolean created) {
    }

    /** A proposal with its history: every state it reached, when and from which source. */
    public record ProposalView(@JsonUnwrapped Proposal proposal, List<ProposalStep> steps) {
    }

    /** A page of proposals and the cursor of the next one (null on the last page). */
    public record ProposalPage(List<Proposal> items, String nextCursor) {
    }

    /** What a support request left: the citizen's support and the proposal's count. */
    public record SupportView(UUID proposalId, String citizen, boolean supported, int supportCount) {
    }

    /** Into the municipality's standing ideas box. */
    @Transactional
    public Submitted submit(String municipality, SubmitProposal request, String idempotencyKey) {
        return submit(processes.ideasBox(municipality), request, idempotencyKey);
    }

    /** Into a process of the caller's municipality, during its proposals phase. */
    @Transactional
    public Submitted submit(UUID processId, SubmitProposal request, String idempotencyKey) {
        Process process = processes.visible(processId);
        access.requireOwnMunicipality(process.municipality());
        return submit(process, request, idempotencyKey);
    }

    /** Stores the proposal and its {@code proposal.submitted} event in one transaction. */
    private Submitted submit(Process process, SubmitProposal request, String idempotencyKey) {
        String municipality = process.municipality();
        if (idempotencyKey != null) {
            Optional<Proposal> earlier = repository.findByIdempotencyKey(municipality, idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), request);
            }
        }
        Instant now = processes.now();
        process.require(Action.SUBMIT, now);
        Proposal proposal = new Proposal(UUID.randomUUID(), municipality, process.id(), request.title(),
                request.description(), request.topics().stream().distinct().toList(), request.citizen(),
                ProposalStatus.SUBMITTED, 0, null, null, now, null);
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

    public ProposalView view(UUID id) {
        Proposal proposal = visible(repository.find(id), id);
        return new ProposalView(proposal, repository.steps(id));
    }

    public List<Proposal> list(String municipality, int limit) {
        return repository.list(municipality, limit);
    }

    public ProposalPage page(UUID processId, ProposalQuery query) {
        processes.visible(processId);
        ProposalRepository.PageRows rows = repository.page(processId, query);
        List<Proposal> items = rows.proposals();
        if (items.size() <= query.limit()) {
            return new ProposalPage(items, null);
        }
        items = items.subList(0, query.limit());
        Proposal last = items.getLast();
        Float rank = query.sort() == ProposalQuery.Sort.RELEVANCE ? rows.ranks().get(query.limit() - 1) : null;
        return new ProposalPage(items, ProposalQuery.Cursor.after(query.sort(), last, rank).encode());
    }

    /** The author changes the proposal: only while it is open, in the proposals phase, and has no support. */
    @Transactional
    public Proposal edit(UUID id, SubmitProposal request) {
        Proposal proposal = owned(repository.lock(id), id);
        requireAuthor(proposal, request.citizen());
        requireOpen(proposal, "edited");
        process(proposal).require(Action.EDIT, processes.now());
        if (proposal.supportCount() > 0) {
            throw HubProblem.conflict("proposal " + id + " has " + proposal.supportCount()
                    + " supports: it can be edited only until the first support");
        }
        repository.edit(id, request.title(), request.description(), request.topics().stream().distinct().toList(),
                processes.now());
        return repository.find(id).orElseThrow();
    }

    /** The author withdraws the proposal while it is open; its supports stay counted for the record. */
    @Transactional
    public ProposalView withdraw(UUID id, String citizen) {
        Proposal proposal = owned(repository.lock(id), id);
        requireAuthor(proposal, citizen);
        requireOpen(proposal, "withdrawn");
        change(proposal, ProposalStatus.WITHDRAWN, null,
                new ProposalStep(ProposalStatus.WITHDRAWN, processes.now(), BY_CITIZEN, "withdrawn by its author", null));
        return view(id);
    }

    /** The municipality answers: a state its answers may reach from the current one, and a public text. */
    @Transactional
    public ProposalView answer(UUID id, ProposalStatus status, String answer) {
        Proposal proposal = owned(repository.lock(id), id);
        if (!proposal.status().answers().contains(status)) {
            throw HubProblem.unprocessable("invalid-transition", "Transition not allowed", "proposal " + id + " is "
                    + proposal.status() + "; an answer may move it to " + (proposal.status().answers().isEmpty()
                    ? "no other state" : proposal.status().answers().toString()), "status",
                    "cannot move from " + proposal.status() + " to " + status);
        }
        change(proposal, status, answer, new ProposalStep(status, processes.now(), BY_MUNICIPALITY, answer, null));
        return view(id);
    }

    /**
     * An outcome another domain reported for a proposal of the same municipality: recorded as a step,
     * and moving the proposal on to {@code status} unless it is already as far or was never
     * accepted in a way the outcome can follow (withdrawn, rejected). Proposals of another
     * municipality are not touched: a funding application may name any proposal id.
     *
     * @return false if there is no such proposal of that municipality
     */
    @Transactional
    public boolean recordOutcome(UUID id, String municipality, ProposalStatus status, ProposalStep step) {
        Optional<Proposal> found = repository.lock(id).filter(p -> p.municipality().equals(municipality));
        if (found.isEmpty()) {
            return false;
        }
        Proposal proposal = found.get();
        boolean advances = status != null && proposal.status() != ProposalStatus.WITHDRAWN
                && proposal.status() != ProposalStatus.REJECTED && status.progress() > proposal.status().progress();
        if (advances) {
            change(proposal, status, null, step);
        } else {
            repository.addStep(id, new ProposalStep(proposal.status(), step.at(), step.source(), step.detail(),
                    step.reference(), step.programme()), null);
        }
        return true;
    }

    private void change(Proposal proposal, ProposalStatus status, String answer, ProposalStep step) {
        boolean answered = BY_MUNICIPALITY.equals(step.source());
        repository.changeStatus(proposal.id(), status, answered ? answer : null, answered ? step.at() : null);
        repository.addStep(proposal.id(), step, answered ? access.caller().clientId() : null);
        outbox.publish(new ProposalAnswered(proposal.id(), proposal.municipality(), proposal.processId(),
                proposal.title(), proposal.topics(), proposal.status().name(), status.name(),
                answered ? answer : step.detail(), proposal.supportCount(), step.source(), step.at()));
    }

    /**
     * A citizen supports the proposal: once, however often and however concurrently it is sent.
     * Reaching the process's threshold publishes {@code threshold-reached}, once per proposal.
     */
    @Transactional
    public SupportView support(UUID id, String citizen) {
        // the proposal read, not locked: the count's statement re-checks on the locked tally that it is still open
        Proposal proposal = owned(repository.find(id), id);
        requireOpen(proposal, "supported");
        Process process = process(proposal);
        Instant now = processes.now();
        process.require(Action.SUPPORT, now);
        ProposalRepository.SupportChange change = repository.support(id, citizen, now);
        if (!change.changed()) {
            return new SupportView(id, citizen, true, repository.find(id).orElseThrow().supportCount());
        }
        if (change.supportCount() == null) {
            throw closed(id, "supported"); // closed between the read and the write: the support is rolled back
        }
        announceThreshold(proposal, change, now);
        return new SupportView(id, citizen, true, change.supportCount());
    }

    /**
     * A portal's batch of its citizens' supports, in one transaction: the proposals' tallies are locked
     * in id order; a batch naming another municipality's proposal is refused whole (403); each support
     * is judged by the same rules as a single one (an open proposal, a phase that allows supporting)
     * and refused alone if it fails them (or names no proposal the caller may see); the new
     * ones are inserted in one statement (the primary key drops the ones that exist, also twice in one
     * batch) and the counts raised in another. Thresholds are announced once, as for single supports.
     */
    @Transactional
    public SupportBatch.Result supportAll(SupportBatch batch) {
        Instant now = processes.now();
        java.util.Map<UUID, Proposal> locked = new java.util.HashMap<>();
        repository.lockAll(batch.supports().stream().map(SupportBatch.Item::proposalId).distinct().toList())
                .forEach(p -> locked.put(p.id(), p));
        java.util.Map<UUID, String> refusals = new java.util.HashMap<>();
        for (Proposal p : List.copyOf(locked.values())) {
            if (!process(p).published() && !access.mayReadIfAuthenticated(p.municipality())) {
                locked.remove(p.id()); // another municipality's internal process: as if it did not exist
                continue;
            }
            // a portal never sends another municipality's proposals: the whole batch is refused (403)
            access.requireOwnMunicipality(p.municipality());
            try {
                requireOpen(p, "supported");
                process(p).require(Action.SUPPORT, now);
            } catch (HubProblem refused) {
                refusals.put(p.id(), refused.getMessage());
            }
        }
        List<UUID> proposals = new java.util.ArrayList<>();
        List<String> citizens = new java.util.ArrayList<>();
        for (SupportBatch.Item item : batch.supports()) {
            if (locked.containsKey(item.proposalId()) && !refusals.containsKey(item.proposalId())) {
                proposals.add(item.proposalId());
                citizens.add(item.citizen());
            }
        }
        java.util.Set<String> added = proposals.isEmpty() ? java.util.Set.of()
                : repository.insertSupports(proposals, citizens, now);
        java.util.Map<UUID, Integer> perProposal = new java.util.HashMap<>();
        added.forEach(key -> perProposal.merge(UUID.fromString(key.substring(0, 36)), 1, Integer::sum));
        java.util.Map<UUID, ProposalRepository.SupportChange> counts = repository.addToCounts(perProposal);
        counts.forEach((id, change) -> announceThreshold(locked.get(id), change, now));

        List<SupportBatch.Outcome> outcomes = new java.util.ArrayList<>();
        java.util.Set<String> reported = new java.util.HashSet<>();
        int addedCount = 0;
        int already = 0;
        int refused = 0;
        for (SupportBatch.Item item : batch.supports()) {
            UUID id = item.proposalId();
            String key = id + " " + item.citizen();
            Proposal p = locked.get(id);
            if (p == null || refusals.containsKey(id)) {
                refused++;
                outcomes.add(new SupportBatch.Outcome(id, item.citizen(), "REFUSED",
                        p == null ? "proposal " + id + " does not exist" : refusals.get(id), null));
                continue;
            }
            int count = counts.containsKey(id) ? counts.get(id).supportCount() : p.supportCount();
            if (added.contains(key) && reported.add(key)) {
                addedCount++;
                outcomes.add(new SupportBatch.Outcome(id, item.citizen(), "ADDED", null, count));
            } else {
                already++;
                outcomes.add(new SupportBatch.Outcome(id, item.citizen(), "ALREADY", null, count));
            }
        }
        return new SupportBatch.Result(addedCount, already, refused, outcomes);
    }

    /** Publishes {@code threshold-reached} if this change took the proposal to its process's threshold first. */
    private void announceThreshold(Proposal proposal, ProposalRepository.SupportChange change, Instant now) {
        Integer threshold = process(proposal).supportThreshold();
        if (threshold != null && change.thresholdReachedAt() == null && change.supportCount() >= threshold
                && repository.markThresholdReached(proposal.id(), now)) {
            outbox.publish(new SupportThresholdReached(proposal.id(), proposal.municipality(), proposal.processId(),
                    proposal.title(), proposal.topics(), threshold, change.supportCount(), now));
        }
    }

    /** The citizen takes the support back (nothing happens if there was none). */
    @Transactional
    public SupportView withdrawSupport(UUID id, String citizen) {
        Proposal proposal = owned(repository.find(id), id);
        requireOpen(proposal, "supported");
        process(proposal).require(Action.SUPPORT, processes.now());
        ProposalRepository.SupportChange change = repository.withdrawSupport(id, citizen);
        if (change.changed() && change.supportCount() == null) {
            throw closed(id, "supported");
        }
        return new SupportView(id, citizen, false,
                change.changed() ? change.supportCount() : repository.find(id).orElseThrow().supportCount());
    }

    /** Whether the citizen supports the proposal (its municipality's portal shows the button accordingly). */
    public SupportView supportOf(UUID id, String citizen) {
        Proposal proposal = owned(repository.find(id), id);
        return new SupportView(id, citizen, repository.supports(id, citizen), proposal.supportCount());
    }

    /** The process the proposal belongs to. */
    public Process process(Proposal proposal) {
        return processes.cached(proposal.processId()).orElseThrow();
    }

    /** The proposal, if the caller may read it (404 otherwise): for what hangs off a proposal, like comments. */
    public Proposal readable(UUID id) {
        return visible(repository.find(id), id);
    }

    /** The proposal, if the caller is its municipality's client (403 for another's published one, 404 if unreadable). */
    public Proposal ownedByCaller(UUID id) {
        return owned(repository.find(id), id);
    }

    /** The proposal, if the caller may read it: 404 for proposals of a staff process of another municipality. */
    private Proposal visible(Optional<Proposal> found, UUID id) {
        return found.filter(p -> process(p).published() || access.mayReadIfAuthenticated(p.municipality()))
                .orElseThrow(() -> HubProblem.notFound("proposal", id));
    }

    /** The proposal, if the caller is its municipality's client (403 for another's published one). */
    private Proposal owned(Optional<Proposal> found, UUID id) {
        Proposal proposal = visible(found, id);
        access.requireOwnMunicipality(proposal.municipality());
        return proposal;
    }

    private static void requireAuthor(Proposal proposal, String citizen) {
        if (!proposal.citizen().equals(citizen)) {
            throw new HubProblem(HttpStatus.FORBIDDEN, "not-author", "Not the author",
                    "only the author of proposal " + proposal.id() + " may change it",
                    List.of(new HubProblem.FieldError("citizen", "is not the proposal's author")));
        }
    }

    private static void requireOpen(Proposal proposal, String what) {
        if (!proposal.status().open()) {
            throw closed(proposal.id(), what + " (it is " + proposal.status() + ")");
        }
    }

    private static HubProblem closed(UUID id, String what) {
        return new HubProblem(HttpStatus.CONFLICT, "proposal-closed", "Proposal closed",
                "proposal " + id + " is no longer open and cannot be " + what, List.of());
    }
}
