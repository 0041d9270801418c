package io.regiohub.participation.comment;

import io.regiohub.starter.web.SingleLine;
import io.regiohub.participation.proposal.Citizens;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/participation")
public class CommentController {

    private final CommentService comments;

    public CommentController(CommentService comments) {
        this.comments = comments;
    }

    /** A citizen comments on a proposal or replies to a comment (three levels at most), in the phases that allow it. */
    @PostMapping("/proposals/{id}/comments")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ResponseEntity<CommentService.CommentView> post(@PathVariable("id") UUID proposalId,
                                                           @Valid @RequestBody PostComment request) {
        CommentService.CommentView view = comments.post(proposalId, request);
        return ResponseEntity.created(URI.create("/api/participation/proposals/" + proposalId + "/comments#" + view.id()))
                .body(view);
    }

    /** Published content: the proposal's threads; hidden comments keep their place without text or author. */
    @GetMapping("/proposals/{id}/comments")
    @HubAccess(published = true)
    public CommentService.Discussion discussion(@PathVariable("id") UUID proposalId,
                                                @RequestParam(name = "limit", defaultValue = "1000") @Min(1) @Max(5000) int limit) {
        return comments.discussion(proposalId, limit);
    }

    public record Report(@NotBlank @Pattern(regexp = Citizens.PSEUDONYM, message = Citizens.PSEUDONYM_MESSAGE) String citizen,
                         @Size(max = 1000) String reason) {
    }

    /** A citizen reports a comment (once; reporting again changes nothing). */
    @PostMapping("/comments/{id}/reports")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public CommentService.Reported report(@PathVariable("id") UUID id, @Valid @RequestBody Report body) {
        return comments.report(id, body.citizen(), body.reason() == null || body.reason().isBlank() ? null : body.reason().strip());
    }

    public enum ModerationAction { HIDE, RESTORE }

    public record Moderation(@NotNull ModerationAction action,
                             @NotBlank @Size(max = 2000)
                             @SingleLine
                             String reason) {
    }

    /** The municipality's moderators hide or restore a comment; the reason is kept in its moderation log. */
    @PostMapping("/comments/{id}/moderation")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public CommentService.CommentView moderate(@PathVariable("id") UUID id, @Valid @RequestBody Moderation body) {
        return comments.moderate(id, body.action() == ModerationAction.HIDE, body.reason().strip());
    }

    @GetMapping("/comments/{id}/moderation")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public List<CommentRepository.Moderation> moderationLog(@PathVariable("id") UUID id) {
        return comments.moderationLog(id);
    }
}
