package io.regiohub.participation.survey;

import io.regiohub.participation.proposal.Citizens;
import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import io.regiohub.starter.web.HubProblem;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/participation")
public class SurveyController {

    private final SurveyService surveys;

    public SurveyController(SurveyService surveys) {
        this.surveys = surveys;
    }

    /** The municipality attaches a survey to a phase of its process. */
    @PostMapping("/processes/{id}/surveys")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public ResponseEntity<SurveyService.SurveyView> create(@PathVariable("id") UUID processId,
                                                           @Valid @RequestBody CreateSurvey request) {
        SurveyService.SurveyView view = surveys.create(processId, request);
        return ResponseEntity.created(URI.create("/api/participation/surveys/" + view.id())).body(view);
    }

    @GetMapping("/processes/{id}/surveys")
    @HubAccess(published = true)
    public List<SurveyService.SurveyView> list(@PathVariable("id") UUID processId) {
        return surveys.forProcess(processId);
    }

    @GetMapping("/surveys/{id}")
    @HubAccess(published = true)
    public SurveyService.SurveyView get(@PathVariable("id") UUID id) {
        return surveys.get(id);
    }

    /** A citizen's response: one per citizen, replaced by a later one while the survey's phase runs. */
    @PutMapping("/surveys/{id}/responses/{citizen}")
    @HubAccess(roles = HubRoles.MUNICIPALITY)
    public SurveyService.ResponseView respond(@PathVariable("id") UUID id, @PathVariable("citizen") String citizen,
                                              @Valid @RequestBody SurveyAnswers request) {
        if (!Citizens.isPseudonym(citizen)) {
            throw HubProblem.invalidField("citizen", Citizens.PSEUDONYM_MESSAGE);
        }
        return surveys.respond(id, citizen, request);
    }

    /** Published content: the results as counted now (free-text answers only for the municipality itself). */
    @GetMapping("/surveys/{id}/results")
    @HubAccess(published = true)
    public SurveyService.SurveyResults results(@PathVariable("id") UUID id) {
        return surveys.results(id);
    }
}
