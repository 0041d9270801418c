package io.regiohub.participation.proposal;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.regiohub.events.participation.ProposalAnswered;
import io.regiohub.events.participation.ProposalSubmitted;
import io.regiohub.events.participation.SupportThresholdReached;
import io.regiohub.participation.process.Action;
import io.regiohub.participation.process.Process;
import io.regiohub.participation.process.ProcessService;
import io.regiohub.starter.jdbc.SqlStates;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

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

    /** Placements kept in memory (a few MB): more than the proposals supported in any one season. */
    private static final int PLACEMENTS = 200_000;
    /** Single supports waiting for their group at most (ten seconds' worth at full speed); more get 503. */
    private static final int WAITING = 20_000;
    /** How long a group waits for a proposal's lock held by another transaction before that support is written alone. */
    private static final String GROUP_LOCK_TIMEOUT = "1s";

    private final ProposalRepository repository;
    private final ProcessService processes;
    private final TenantAccess access;
    private final Outbox outbox;
    private final Cache<UUID, Placement> placements = Caffeine.newBuilder().maximumSize(PLACEMENTS).build();
    /** Single supports, written together with the others that arrive meanwhile (one commit for all). */
    private final GroupCommit<Support, ProposalRepository.SupportChange> supportWriter;
    private final TransactionTemplate tx;

    public ProposalService(ProposalRepository repository, ProcessService processes, TenantAccess access, Outbox outbox,
                           TransactionTemplate tx) {
        this.repository = repository;
        this.processes = processes;
        this.access = access;
        this.outbox = outbox;
        this.tx = tx;
        this.supportWriter = new GroupCommit<>("support-writer", tx, this::writeGroup, SupportBatch.MAX, WAITING);
    }

    /** Waits for the supports already accepted to be written; the web server has stopped taking requests. */
    @PreDestroy
    void close() throws InterruptedException {
        supportWriter.close();
    }

    public record Submitted(Proposal proposal, boolean created) {
    }

    /** A proposal with its history: every state it reached, when and from which source. */
    public record ProposalView(@JsonUnwrapped Proposal proposal, List<ProposalStep> steps) {
    }

    /** A page of proposals and the cursor of the next one (null on the last page). */
    public record ProposalPage(List<Proposal> items, String nextCursor) {
    }

    /**
     * What never changes about a proposal, kept in memory for the support path (the hottest of the
     * service): a proposal once supported is not read again to be supported.
     */
    record Placement(UUID id, String municipality, UUID processId) implements Placed {
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

    /** A support judged in its request's thread (caller, phase) at {@code at}, waiting to be written. */
    private record Support(Placement proposal, String citizen, Instant at) {
    }

    /**
     * A citizen supports the proposal: once, however often and however concurrently it is sent.
     * Reaching the process's threshold publishes {@code threshold-reached}, once per proposal.
     * Judged here by where the proposal belongs (from memory after its first support) and by its
     * process's phase; then written with the supports that arrive meanwhile, in one statement and
     * one transaction ({@link GroupCommit}), which also checks that the proposal is still open. The
     * answer comes after the commit. A support whose proposal another transaction holds locked for
     * longer than {@link #GROUP_LOCK_TIMEOUT} (an answer, a portal's batch) leaves its group and is
     * written alone, in its request's thread, waiting for that lock as long as it takes: one locked
     * proposal never holds up the others' supports.
     */
    public SupportView support(UUID id, String citizen) {
        Placement placement = owned(placement(id), id);
        Instant now = processes.now();
        requireSupporting(placement, now);
        Support support = new Support(placement, citizen, now);
        ProposalRepository.SupportChange change;
        try {
            change = supportWriter.write(support, 30, TimeUnit.SECONDS);
        } catch (DataAccessException failed) {
            if (!SqlStates.LOCK_NOT_AVAILABLE.equals(SqlStates.of(failed))) {
                throw failed;
            }
            change = tx.execute(status -> writeSupports(List.of(support)).getFirst());
        } catch (TimeoutException | RejectedExecutionException e) {
            // not written (a support that timed out leaves the queue); sending it again is safe: a support is idempotent
            throw new HubProblem(HttpStatus.SERVICE_UNAVAILABLE, "support-not-written", "Support not written",
                    "the support of proposal " + id + " could not be written now; send it again", List.of());
        }
        if (change.supportCount() == null) {
            throw notOpen(id);
        }
        return new SupportView(id, citizen, true, change.supportCount());
    }

    /** A group of the support writer: as {@link #writeSupports}, not waiting long for a proposal's lock. */
    private List<ProposalRepository.SupportChange> writeGroup(List<Support> group) {
        repository.lockTimeout(GROUP_LOCK_TIMEOUT);
        return writeSupports(group);
    }

    /** Writes single supports (in the caller's transaction) and announces thresholds reached. */
    private List<ProposalRepository.SupportChange> writeSupports(List<Support> group) {
        List<ProposalRepository.SupportChange> changes = repository.supportAll(
                group.stream().map(s -> s.proposal().id()).toList(), group.stream().map(Support::citizen).toList(),
                group.stream().map(Support::at).toList());
        announceThresholds(group.stream().map(Support::proposal).toList(), changes, processes.now());
        return changes;
    }

    /**
     * A portal's batch of its citizens' supports, in one transaction: a batch naming another
     * municipality's proposal is refused whole (403); each support is judged by the same rules as a
     * single one (a phase that allows supporting, an open proposal) and refused alone if it fails them
     * (or names no proposal the caller may see); all are written in one statement
     * ({@link ProposalRepository#supportAll}, tallies locked in id order). Thresholds are announced
     * once, as for single supports.
     */
    @Transactional
    public SupportBatch.Result supportAll(SupportBatch batch) {
        Instant now = processes.now();
        Map<UUID, Placement> known = placements(
                batch.supports().stream().map(SupportBatch.Item::proposalId).distinct().toList());
        Map<UUID, String> refusals = new HashMap<>();
        for (Placement p : List.copyOf(known.values())) {
            if (!process(p).published() && !access.mayReadIfAuthenticated(p.municipality())) {
                known.remove(p.id()); // another municipality's internal process: as if it did not exist
                continue;
            }
            // a portal never sends another municipality's proposals: the whole batch is refused (403)
            access.requireOwnMunicipality(p.municipality());
            try {
                requireSupporting(p, now);
            } catch (HubProblem refused) {
                refusals.put(p.id(), refused.getMessage());
            }
        }
        List<SupportBatch.Item> written = batch.supports().stream()
                .filter(item -> known.containsKey(item.proposalId()) && !refusals.containsKey(item.proposalId()))
                .toList();
        List<ProposalRepository.SupportChange> changes = written.isEmpty() ? List.of() : repository.supportAll(
                written.stream().map(SupportBatch.Item::proposalId).toList(),
                written.stream().map(SupportBatch.Item::citizen).toList(), Collections.nCopies(written.size(), now));
        announceThresholds(written.stream().map(item -> known.get(item.proposalId())).toList(), changes, now);
        Map<SupportBatch.Item, ProposalRepository.SupportChange> changed = new HashMap<>();
        for (int i = 0; i < written.size(); i++) {
            changed.putIfAbsent(written.get(i), changes.get(i));
            if (changes.get(i).supportCount() == null) {
                refusals.computeIfAbsent(written.get(i).proposalId(), id -> notOpen(id).getMessage());
            }
        }

        List<SupportBatch.Outcome> outcomes = new ArrayList<>();
        Set<SupportBatch.Item> reported = new HashSet<>();
        int addedCount = 0;
        int already = 0;
        int refused = 0;
        for (SupportBatch.Item item : batch.supports()) {
            UUID id = item.proposalId();
            if (!known.containsKey(id) || refusals.containsKey(id)) {
                refused++;
                outcomes.add(new SupportBatch.Outcome(id, item.citizen(), "REFUSED",
                        known.containsKey(id) ? refusals.get(id) : "proposal " + id + " does not exist", null));
                continue;
            }
            ProposalRepository.SupportChange change = changed.get(item);
            if (change.changed() && reported.add(item)) {
                addedCount++;
                outcomes.add(new SupportBatch.Outcome(id, item.citizen(), "ADDED", null, change.supportCount()));
            } else {
                already++;
                outcomes.add(new SupportBatch.Outcome(id, item.citizen(), "ALREADY", null, change.supportCount()));
            }
        }
        return new SupportBatch.Result(addedCount, already, refused, outcomes);
    }

    /**
     * Announces the thresholds the supports' proposals reached ({@code changes} in the order of
     * {@code proposals}): once per proposal, by the transaction that marks it reached.
     */
    private void announceThresholds(List<? extends Placed> proposals, List<ProposalRepository.SupportChange> changes,
                                    Instant now) {
        record Reached(ProposalRepository.SupportChange change, int threshold) {
        }
        Map<UUID, Reached> reached = new LinkedHashMap<>();
        for (int i = 0; i < proposals.size(); i++) {
            ProposalRepository.SupportChange change = changes.get(i);
            Integer threshold = process(proposals.get(i)).supportThreshold();
            if (change.changed() && threshold != null && change.thresholdReachedAt() == null
                    && change.supportCount() >= threshold) {
                reached.put(proposals.get(i).id(), new Reached(change, threshold));
            }
        }
        reached.forEach((id, r) -> {
            if (repository.markThresholdReached(id, now)) {
                Proposal proposal = repository.find(id).orElseThrow();
                outbox.publish(new SupportThresholdReached(proposal.id(), proposal.municipality(),
                        proposal.processId(), proposal.title(), proposal.topics(), r.threshold(),
                        r.change().supportCount(), now));
            }
        });
    }

    /** The citizen takes the support back (nothing happens if there was none). */
    @Transactional
    public SupportView withdrawSupport(UUID id, String citizen) {
        Placement placement = owned(placement(id), id);
        requireSupporting(placement, processes.now());
        ProposalRepository.SupportChange change = repository.withdrawSupport(id, citizen);
        if (change.supportCount() == null) {
            throw notOpen(id);
        }
        return new SupportView(id, citizen, false, change.supportCount());
    }

    private Optional<Placement> placement(UUID id) {
        Placement known = placements.getIfPresent(id);
        if (known != null) {
            return Optional.of(known);
        }
        return Optional.ofNullable(placements(List.of(id)).get(id));
    }

    /** Where each of the proposals that exist belongs, from memory where known. */
    private Map<UUID, Placement> placements(List<UUID> ids) {
        Map<UUID, Placement> found = new HashMap<>(placements.getAllPresent(ids));
        List<UUID> unknown = ids.stream().filter(id -> !found.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            Map<UUID, Placement> read = repository.placements(unknown);
            placements.putAll(read);
            found.putAll(read);
        }
        return found;
    }

    /** 409 unless the process's phase allows supporting; a closed proposal says so first, as it is the stronger reason. */
    private void requireSupporting(Placed proposal, Instant now) {
        try {
            process(proposal).require(Action.SUPPORT, now);
        } catch (HubProblem outOfPhase) {
            requireOpen(repository.find(proposal.id()).orElseThrow(), "supported");
            throw outOfPhase;
        }
    }

    /** The support's statement found the proposal no longer open: 409 naming its state. */
    private HubProblem notOpen(UUID id) {
        Proposal proposal = repository.find(id).orElseThrow();
        return proposal.status().open() ? closed(id, "supported") : closed(proposal, "supported");
    }

    /** Whether the citizen supports the proposal (its municipality's portal shows the button accordingly). */
    public SupportView supportOf(UUID id, String citizen) {
        Proposal proposal = owned(repository.find(id), id);
        return new SupportView(id, citizen, repository.supports(id, citizen), proposal.supportCount());
    }

    /** The process the proposal belongs to. */
    public Process process(Placed proposal) {
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
    private <P extends Placed> P visible(Optional<P> found, UUID id) {
        return found.filter(p -> process(p).published() || access.mayReadIfAuthenticated(p.municipality()))
                .orElseThrow(() -> HubProblem.notFound("proposal", id));
    }

    /** The proposal, if the caller is its municipality's client (403 for another's published one). */
    private <P extends Placed> P owned(Optional<P> found, UUID id) {
        P proposal = visible(found, id);
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
            throw closed(proposal, what);
        }
    }

    private static HubProblem closed(Proposal proposal, String what) {
        return closed(proposal.id(), what + " (it is " + proposal.status() + ")");
    }

    private static HubProblem closed(UUID id, String what) {
        return new HubProblem(HttpStatus.CONFLICT, "proposal-closed", "Proposal closed",
                "proposal " + id + " is no longer open and cannot be " + what, List.of());
    }
}
