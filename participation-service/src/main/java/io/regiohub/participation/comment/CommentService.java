package io.regiohub.participation.comment;

import io.regiohub.events.participation.CommentPosted;
import io.regiohub.events.participation.ContentHidden;
import io.regiohub.participation.process.Action;
import io.regiohub.participation.process.ProcessService;
import io.regiohub.participation.proposal.Proposal;
import io.regiohub.participation.proposal.ProposalService;
import io.regiohub.participation.proposal.ProposalStatus;
import io.regiohub.starter.outbox.Outbox;
import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Comments on proposals: nested up to three levels, each with a stance; reported by citizens (once
 * each), hidden automatically after a configurable number of reports, and hidden or restored by the
 * municipality's moderators with the reason kept.
 */
@Service
public class CommentService {

    public static final int MAX_DEPTH = 3;
    static final String BY_REPORTS = "reports";
    static final String BY_MODERATOR = "moderator";

    private final CommentRepository comments;
    private final ProposalService proposals;
    private final ProcessService processes;
    private final TenantAccess access;
    private final Outbox outbox;
    private final int hideAfterReports;

    public CommentService(CommentRepository comments, ProposalService proposals, ProcessService processes,
                          TenantAccess access, Outbox outbox,
                          @Value("${regiohub.participation.moderation.hide-after-reports:3}") int hideAfterReports) {
        this.comments = comments;
        this.proposals = proposals;
        this.processes = processes;
        this.access = access;
        this.outbox = outbox;
        this.hideAfterReports = hideAfterReports;
    }

    /**
     * A comment as everyone sees it: a hidden one keeps its place in the thread without its text or
     * author; its municipality's own client (the moderators) sees both.
     */
    public record CommentView(UUID id, UUID parentId, int depth, String citizen, String body, Stance stance,
                              Instant createdAt, boolean hidden, int reportCount, List<CommentView> replies) {
    }

    /** A proposal's discussion: the threads and how many visible comments take each stance. */
    public record Discussion(UUID proposalId, int total, Map<Stance, Integer> stances, List<CommentView> threads) {
    }

    @Transactional
    public CommentView post(UUID proposalId, PostComment request) {
        Proposal proposal = proposals.ownedByCaller(proposalId);
        if (proposal.status() == ProposalStatus.WITHDRAWN) {
            throw new HubProblem(HttpStatus.CONFLICT, "proposal-closed", "Proposal closed",
                    "proposal " + proposalId + " was withdrawn and takes no comments", List.of());
        }
        Instant now = processes.now();
        proposals.process(proposal).require(Action.COMMENT, now);
        int depth = 1;
        if (request.parentId() != null) {
            Comment parent = comments.find(request.parentId()).filter(c -> c.proposalId().equals(proposalId))
                    .orElseThrow(() -> HubProblem.invalidField("parentId", "names no comment on proposal " + proposalId));
            if (parent.depth() >= MAX_DEPTH) {
                throw HubProblem.unprocessable("too-deep", "Too deeply nested", "comments nest " + MAX_DEPTH
                        + " levels deep; reply to the comment's parent instead", "parentId",
                        "is a comment of the deepest level (" + MAX_DEPTH + ")");
            }
            depth = parent.depth() + 1;
        }
        Comment comment = new Comment(UUID.randomUUID(), proposalId, request.parentId(), depth, proposal.municipality(),
                request.citizen(), request.body(), request.stance(), now, 0, false);
        comments.insert(comment);
        outbox.publish(new CommentPosted(comment.id(), comment.municipality(), proposalId, proposal.processId(),
                comment.parentId(), depth, comment.stance().name(), now));
        return view(comment, true, List.of());
    }

    public Discussion discussion(UUID proposalId, int limit) {
        Proposal proposal = proposals.readable(proposalId);
        boolean moderator = access.mayReadIfAuthenticated(proposal.municipality());
        List<Comment> all = comments.forProposal(proposalId, limit);
        Map<UUID, List<CommentView>> replies = new LinkedHashMap<>();
        Map<Stance, Integer> stances = new EnumMap<>(Stance.class);
        for (Stance s : Stance.values()) {
            stances.put(s, 0);
        }
        int visible = 0;
        // deepest first, so that every comment's replies are complete when it is built
        List<Comment> byDepth = new ArrayList<>(all);
        byDepth.sort((a, b) -> Integer.compare(b.depth(), a.depth()));
        Map<UUID, CommentView> built = new LinkedHashMap<>();
        for (Comment c : byDepth) {
            built.put(c.id(), view(c, moderator, replies.getOrDefault(c.id(), List.of())));
            if (c.parentId() != null) {
                replies.computeIfAbsent(c.parentId(), k -> new ArrayList<>()).add(built.get(c.id()));
            }
            if (!c.hidden()) {
                visible++;
                stances.merge(c.stance(), 1, Integer::sum);
            }
        }
        List<CommentView> threads = all.stream().filter(c -> c.parentId() == null).map(c -> built.get(c.id())).toList();
        return new Discussion(proposalId, visible, stances, threads);
    }

    private static CommentView view(Comment c, boolean moderator, List<CommentView> replies) {
        boolean shown = !c.hidden() || moderator;
        return new CommentView(c.id(), c.parentId(), c.depth(), shown ? c.citizen() : null, shown ? c.body() : null,
                c.stance(), c.createdAt(), c.hidden(), moderator ? c.reportCount() : 0, replies);
    }

    /** What a report left: whether it counted (false: the citizen had reported it before) and whether the comment is hidden. */
    public record Reported(UUID commentId, boolean counted, boolean hidden) {
    }

    /** A citizen reports a comment, once; reaching the configured number hides it (unless a moderator restored it). */
    @Transactional
    public Reported report(UUID id, String citizen, String reason) {
        Comment comment = owned(id);
        Instant now = processes.now();
        Integer count = comments.report(id, citizen, reason, now);
        if (count == null) {
            return new Reported(id, false, comments.find(id).orElseThrow().hidden());
        }
        if (count >= hideAfterReports && comments.hideByReports(id)) {
            String why = count + " reports";
            comments.log(id, new CommentRepository.Moderation("HIDDEN", why, BY_REPORTS, now));
            publish(comment, "HIDDEN", why, BY_REPORTS, count, now);
            return new Reported(id, true, true);
        }
        return new Reported(id, true, comment.hidden());
    }

    /** The municipality's moderators hide or restore a comment, with a reason that is kept. */
    @Transactional
    public CommentView moderate(UUID id, boolean hide, String reason) {
        owned(id);
        Comment comment = comments.lock(id).orElseThrow(() -> HubProblem.notFound("comment", id));
        if (comment.hidden() == hide) {
            throw HubProblem.conflict("comment " + id + " is " + (hide ? "hidden" : "shown") + " already");
        }
        Instant now = processes.now();
        comments.setHidden(id, hide);
        String action = hide ? "HIDDEN" : "RESTORED";
        comments.log(id, new CommentRepository.Moderation(action, reason, access.caller().clientId(), now));
        publish(comment, action, reason, BY_MODERATOR, comment.reportCount(), now);
        return view(comments.find(id).orElseThrow(), true, List.of());
    }

    /** A comment's moderation log, for its municipality's moderators. */
    public List<CommentRepository.Moderation> moderationLog(UUID id) {
        owned(id);
        return comments.moderation(id);
    }

    /** The comment, if the caller is its municipality's client; 404 naming the comment if the caller may not see it. */
    private Comment owned(UUID id) {
        Comment comment = comments.find(id).orElseThrow(() -> HubProblem.notFound("comment", id));
        try {
            proposals.ownedByCaller(comment.proposalId());
        } catch (HubProblem e) {
            if (e.status() == HttpStatus.NOT_FOUND) {
                throw HubProblem.notFound("comment", id); // says nothing about the proposal it belongs to
            }
            throw e;
        }
        return comment;
    }

    private void publish(Comment c, String action, String reason, String by, int reports, Instant at) {
        outbox.publish(new ContentHidden(c.id(), "comment", c.municipality(), c.proposalId(), action, reason, by, reports, at));
    }
}
