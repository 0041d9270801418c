package io.regiohub.identity.keys;

import static org.assertj.core.api.Assertions.assertThat;

import io.regiohub.identity.keys.RotationPolicy.State;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules of the signing keys, without database or clock. */
class RotationPolicyTest {

    static final Duration PERIOD = Duration.ofDays(30);
    static final Duration LEAD = Duration.ofHours(1);
    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final Duration SKEW = Duration.ofMinutes(1);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    final RotationPolicy policy = new RotationPolicy(PERIOD, LEAD, LIFETIME, SKEW);

    static SigningKeyRow key(String kid, Instant activatesAt, Instant retiresAt) {
        return new SigningKeyRow(kid, "{}", "jwe", activatesAt, activatesAt, retiresAt);
    }

    @Test
    void anEmptyTableGetsAKeyThatSignsAtOnce() {
        var plan = policy.plan(List.of(), T0, false);
        assertThat(plan.createActivatingAt()).isEqualTo(T0);
        assertThat(plan.retireKid()).isNull();
        assertThat(plan.changesNothing()).isFalse();
    }

    @Test
    void theScheduledRotationCreatesTheNextKeyLeadTimeBeforeItSigns() {
        List<SigningKeyRow> rows = List.of(key("k1", T0, null));
        Instant due = T0.plus(PERIOD).minus(LEAD);
        assertThat(policy.plan(rows, due.minusMillis(1), false).changesNothing()).isTrue();

        var plan = policy.plan(rows, due, false);
        assertThat(plan.createActivatingAt()).isEqualTo(T0.plus(PERIOD));
        assertThat(plan.retireKid()).isEqualTo("k1");
    }

    @Test
    void aLateCheckStillPublishesTheNextKeyForTheFullLeadTime() {
        Instant late = T0.plus(PERIOD).plusSeconds(600); // no instance ran for a while
        var plan = policy.plan(List.of(key("k1", T0, null)), late, false);
        assertThat(plan.createActivatingAt()).isEqualTo(late.plus(LEAD));
    }

    @Test
    void aRequestedRotationSignsAfterTheLeadTimeAndIsNotRepeatedWhileOneIsPending() {
        Instant now = T0.plus(Duration.ofDays(3));
        var plan = policy.plan(List.of(key("k1", T0, null)), now, true);
        assertThat(plan.createActivatingAt()).isEqualTo(now.plus(LEAD));
        assertThat(plan.retireKid()).isEqualTo("k1");

        List<SigningKeyRow> rows = List.of(key("k1", T0, now.plus(LEAD)), key("k2", now.plus(LEAD), null));
        var again = policy.plan(rows, now.plusSeconds(1), true);
        assertThat(again.createActivatingAt()).isNull();
        assertThat(again.pending().kid()).isEqualTo("k2");
    }

    @Test
    void aRetiredKeyStaysPublishedUntilItsLastTokenExpiredThenItIsDeleted() {
        Instant switchAt = T0.plus(PERIOD);
        List<SigningKeyRow> rows = new ArrayList<>(List.of(key("k1", T0, switchAt), key("k2", switchAt, null)));

        Instant before = switchAt.minusSeconds(1);
        assertThat(policy.signing(rows, before).orElseThrow().kid()).isEqualTo("k1");
        assertThat(policy.state(rows.get(1), rows, before)).isEqualTo(State.NEXT);
        assertThat(policy.published(rows, before)).extracting(SigningKeyRow::kid).containsExactly("k1", "k2");

        assertThat(policy.signing(rows, switchAt).orElseThrow().kid()).isEqualTo("k2");
        assertThat(policy.state(rows.get(0), rows, switchAt)).isEqualTo(State.RETIRED);

        Instant gone = switchAt.plus(LIFETIME).plus(SKEW);
        assertThat(policy.publishedUntil(rows.get(0))).isEqualTo(gone);
        assertThat(policy.published(rows, gone.minusMillis(1))).extracting(SigningKeyRow::kid).containsExactly("k1", "k2");
        assertThat(policy.published(rows, gone)).extracting(SigningKeyRow::kid).containsExactly("k2");
        assertThat(policy.plan(rows, gone.minusMillis(1), false).delete()).isEmpty();
        assertThat(policy.plan(rows, gone, false).delete()).containsExactly("k1");
    }

    @Test
    void theSigningKeyIsNeverDroppedEvenIfItsSuccessorVanished() {
        // k2 was deleted by hand: k1 keeps signing and stays published, and a successor is scheduled
        List<SigningKeyRow> rows = List.of(key("k1", T0, T0.plus(PERIOD)));
        Instant now = T0.plus(PERIOD).plus(Duration.ofHours(2));
        assertThat(policy.state(rows.getFirst(), rows, now)).isEqualTo(State.SIGNING);
        assertThat(policy.published(rows, now)).hasSize(1);
        var plan = policy.plan(rows, now, false);
        assertThat(plan.delete()).isEmpty();
        assertThat(plan.createActivatingAt()).isEqualTo(now.plus(LEAD));
    }
}
