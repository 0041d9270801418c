package io.regiohub.funding.pipeline;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The programme office's pipeline: JSON, or the same figures as CSV ({@code Accept: text/csv}). */
@RestController
@RequestMapping("/api/funding/pipeline")
public class PipelineController {

    private final PipelineService pipeline;
    private final PipelineCounts counts;

    public PipelineController(PipelineService pipeline, PipelineCounts counts) {
        this.pipeline = pipeline;
        this.counts = counts;
    }

    /** Operations: count everything again from the rows themselves (after a bulk import, or when in doubt). */
    @PostMapping("/recount")
    @HubAccess(roles = HubRoles.OPS)
    @Transactional
    public Pipeline recount() {
        counts.recount();
        return pipeline.pipeline();
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public Pipeline get() {
        return pipeline.pipeline();
    }

    @GetMapping(produces = "text/csv")
    @HubAccess(roles = HubRoles.PROGRAM_OFFICE)
    public ResponseEntity<String> csv() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"funding-pipeline.csv\"")
                .body(pipeline.csv(pipeline.pipeline()));
    }
}
