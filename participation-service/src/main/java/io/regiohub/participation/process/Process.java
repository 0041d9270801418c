package io.regiohub.participation.process;

import io.regiohub.starter.web.HubProblem;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;

/** A participation process of a municipality; its current phase decides what citizens may do. */
public record Process(
        UUID id,
        String municipality,
        String title,
        String description,
        List<String> topics,
        Audience audience,
        Integer supportThreshold,
        boolean ideasBox,
        List<Phase> phases,
        Instant createdAt) {

    public Optional<Phase> phaseAt(Instant t) {
        return phases.stream().filter(p -> p.contains(t)).findFirst();
    }

    public boolean published() {
        return audience == Audience.CITIZENS;
    }

    /** 409 Problem Details naming the phases that allow the action, unless the phase at {@code t} does. */
    public void require(Action action, Instant t) {
        require(action.description(), action::allowedIn, action.allowingPhases(), t);
    }

    /**
     * 409 Problem Details unless the phase at {@code t} is one that {@code allowed} accepts, naming
     * the phases that do ({@code allowing}) and when this process has them.
     */
    public void require(String what, java.util.function.Predicate<PhaseType> allowed, String allowing, Instant t) {
        PhaseType current = phaseAt(t).map(Phase::type).orElse(null);
        if (current != null && allowed.test(current)) {
            return;
        }
        String when = phases.stream().filter(p -> allowed.test(p.type()))
                .map(p -> p.type() + " (" + p.startsAt() + " to " + (p.endsAt() == null ? "open end" : p.endsAt()) + ")")
                .reduce((a, b) -> a + ", " + b)
                .map(s -> "; this process allows it in " + s)
                .orElse("; this process has no such phase");
        throw new HubProblem(HttpStatus.CONFLICT, "wrong-phase", "Not allowed in this phase",
                capitalised(what) + " is allowed only in the phase " + allowing + ", but process " + id + " is "
                        + (current == null ? "in no phase now" : "in phase " + current) + when, List.of());
    }

    private static String capitalised(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
