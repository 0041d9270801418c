package io.regiohub.participation.proposal;

import io.regiohub.starter.web.PlainText;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.web.ValidMunicipalityKey;
import io.regiohub.starter.web.ValidTopic;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/participation")
public class ProposalController {

    private final ProposalService proposals;

    public ProposalController(ProposalService proposals) {
        this.proposals = proposals;
    }

    /**
     * Submits a proposal to the municipality's standing ideas box. An {@code Idempotency-Key}
     * makes a retried request return the proposal the first one created instead of a second one.
     */
    @PostMapping("/municipalities/{ags}/proposals")
    @HubAccess(roles = HubRoles.MUNICIPALITY, tenant = "ags") // only the municipality's own client submits for its citizens
    public ResponseEntity<Proposal> submit(@PathVariable("ags") @ValidMunicipalityKey String ags,
                                           @RequestHeader(name = "Idempotency-Key", required = false)
                                           @Size(min = 8, max = 128) String idempotencyKey,
                                           @Valid @RequestBody SubmitProposal request) {
        return created(proposals.submit(ags, request, idempotencyKey));
    }

    /** Submits a proposal into a process of the caller's municipality; 409 outside its proposals phase. */
    @PostMapping("/processes/{id}/proposals")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ResponseEntity<Proposal> submitToProcess(@PathVariable("id") UUID processId,
                                                    @RequestHeader(name = "Idempotency-Key", required = false)
                                                    @Size(min = 8, max = 128) String idempotencyKey,
                                                    @Valid @RequestBody SubmitProposal request) {
        return created(proposals.submit(processId, request, idempotencyKey));
    }

    private static ResponseEntity<Proposal> created(ProposalService.Submitted result) {
        URI location = URI.create("/api/participation/proposals/" + result.proposal().id());
        return result.created()
                ? ResponseEntity.created(location).body(result.proposal())
                : ResponseEntity.ok().location(location).body(result.proposal());
    }

    /** Published content: anonymous reading is allowed (regiohub.security.public-get). */
    @GetMapping("/proposals/{id}")
    @HubAccess(published = true)
    public ProposalService.ProposalView get(@PathVariable("id") UUID id) {
        return proposals.view(id);
    }

    /** The municipality's proposals in its published processes, newest first. */
    @GetMapping("/municipalities/{ags}/proposals")
    @HubAccess(published = true)
    public List<Proposal> list(@PathVariable("ags") @ValidMunicipalityKey String ags,
                               @RequestParam(name = "limit", defaultValue = "50") @Min(1) @Max(500) int limit) {
        return proposals.list(ags, limit);
    }

    /**
     * A process's proposals, a page at a time ({@code cursor}: the {@code nextCursor} of the page
     * before), sorted by supports (default), newest or, with {@code q}, relevance; filtered by state
     * (comma-separated; default every state but WITHDRAWN) and topic; {@code q} searches title and
     * description in German (words, "phrases", -excluded, or).
     */
    @GetMapping("/processes/{id}/proposals")
    @HubAccess(published = true)
    public ProposalService.ProposalPage page(
            @PathVariable("id") UUID processId,
            @RequestParam(name = "sort", defaultValue = "supports") @Pattern(regexp = "supports|newest|relevance",
                    message = "must be supports, newest or relevance") String sort,
            @RequestParam(name = "status", required = false) List<ProposalStatus> status,
            @RequestParam(name = "topic", required = false) @ValidTopic String topic,
            @RequestParam(name = "q", required = false) @Size(max = 200) String q,
            @RequestParam(name = "cursor", required = false) @Size(max = 200) String cursor,
            @RequestParam(name = "limit", defaultValue = "20") @Min(1) @Max(100) int limit) {
        ProposalQuery.Sort order = ProposalQuery.Sort.valueOf(sort.toUpperCase(java.util.Locale.ROOT));
        String text = q == null || q.isBlank() ? null : q.strip();
        // "?status=ACCEPTED," binds an empty value as null: ignore it
        List<ProposalStatus> named = status == null ? List.of() : status.stream().filter(Objects::nonNull).toList();
        Set<ProposalStatus> statuses = named.isEmpty() ? ProposalQuery.VISIBLE : EnumSet.copyOf(named);
        ProposalQuery.Cursor after = cursor == null ? null : ProposalQuery.Cursor.decode(cursor, order);
        return proposals.page(processId, new ProposalQuery(order, statuses, topic, text, after, limit));
    }

    /** The author's edit, until the first support and during the proposals phase. */
    @PutMapping("/proposals/{id}")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public Proposal edit(@PathVariable("id") UUID id, @Valid @RequestBody SubmitProposal request) {
        return proposals.edit(id, request);
    }

    public record Withdrawal(@NotBlank @Pattern(regexp = Citizens.PSEUDONYM, message = Citizens.PSEUDONYM_MESSAGE)
                             String citizen) {
    }

    /** The author withdraws the proposal while it is open. */
    @PostMapping("/proposals/{id}/withdraw")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ProposalService.ProposalView withdraw(@PathVariable("id") UUID id, @Valid @RequestBody Withdrawal body) {
        return proposals.withdraw(id, body.citizen());
    }

    /** @param answer the public answer text shown with the proposal */
    public record Answer(@NotNull ProposalStatus status,
                         @NotBlank @Size(max = 10_000)
                         @PlainText
                         String answer) {
    }

    /** The municipality answers with a state and a public text; 422 for a state the proposal cannot move to. */
    @PostMapping("/proposals/{id}/answer")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ProposalService.ProposalView answer(@PathVariable("id") UUID id, @Valid @RequestBody Answer body) {
        return proposals.answer(id, body.status(), body.answer().strip());
    }

    /** A citizen supports the proposal: idempotent, one support per citizen however often it is sent. */
    @PutMapping("/proposals/{id}/supports/{citizen}")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ProposalService.SupportView support(@PathVariable("id") UUID id, @PathVariable("citizen") String citizen) {
        return proposals.support(id, pseudonym(citizen));
    }

    /**
     * A portal's batch of supports (up to 500): each judged like a single one and refused alone if it
     * breaks a rule; the answer lists what became of each, in the order sent.
     */
    @PostMapping("/supports")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public SupportBatch.Result supportAll(@Valid @RequestBody SupportBatch batch) {
        return proposals.supportAll(batch);
    }

    @DeleteMapping("/proposals/{id}/supports/{citizen}")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ProposalService.SupportView withdrawSupport(@PathVariable("id") UUID id,
                                                       @PathVariable("citizen") String citizen) {
        return proposals.withdrawSupport(id, pseudonym(citizen));
    }

    /** Whether the citizen supports the proposal. */
    @GetMapping("/proposals/{id}/supports/{citizen}")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ProposalService.SupportView supportOf(@PathVariable("id") UUID id, @PathVariable("citizen") String citizen) {
        return proposals.supportOf(id, pseudonym(citizen));
    }

    private static String pseudonym(String citizen) {
        if (!Citizens.isPseudonym(citizen)) {
            throw HubProblem.invalidField("citizen", Citizens.PSEUDONYM_MESSAGE);
        }
        return citizen;
    }
}
