package io.regiohub.funding.programme;

import io.regiohub.starter.security.HubAccess;
import io.regiohub.starter.security.HubRoles;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The programme catalogue (published content). */
@RestController
@RequestMapping("/api/funding/programs")
public class ProgrammeController {

    private final ProgrammeRepository programmes;

    public ProgrammeController(ProgrammeRepository programmes) {
        this.programmes = programmes;
    }

    @GetMapping
    @HubAccess(published = true)
    public List<FundingProgramme> all() {
        return programmes.all();
    }
}
