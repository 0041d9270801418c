package io.regiohub.identity.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The rules of the signing keys, without I/O: which key signs, which are published, when the next
 * one is created.
 *
 * <ul>
 *   <li>The newest key whose {@code activates_at} has come signs.</li>
 *   <li>A new key is created {@code leadTime} before it signs (scheduled: {@code period} after its
 *       predecessor started signing; on demand: {@code leadTime} from now), and the predecessor's
 *       {@code retires_at} is set to that moment. Until then the new key is only published.</li>
 *   <li>A retired key stays published until {@code retires_at + tokenLifetime + clockSkew}, when the
 *       last token it signed has expired on every clock; then its row is deleted.</li>
 * </ul>
 */
public record RotationPolicy(Duration period, Duration leadTime, Duration tokenLifetime, Duration clockSkew) {

    public enum State {
        /** Signs the tokens now. */
        SIGNING,
        /** Published ahead of time; signs from its {@code activates_at}. */
        NEXT,
        /** Signs no more; published while tokens it signed may still be valid. */
        RETIRED,
        /** Published no more; its row is deleted by the next maintenance. */
        EXPIRED
    }

    /**
     * What a maintenance run or a requested rotation changes.
     *
     * @param createActivatingAt a new key that signs from then (null: none)
     * @param createRetiringAt   the new key's {@code retires_at} (only when a successor exists already)
     * @param retireKid          the key whose {@code retires_at} becomes {@code createActivatingAt}
     * @param delete             keys published no more
     * @param pending            the next key that exists already (a requested rotation returns it)
     */
    public record Plan(Instant createActivatingAt, Instant createRetiringAt, String retireKid, List<String> delete,
                       SigningKeyRow pending) {

        public boolean changesNothing() {
            return createActivatingAt == null && delete.isEmpty();
        }
    }

    public Optional<SigningKeyRow> signing(List<SigningKeyRow> rows, Instant now) {
        return rows.stream().filter(r -> !r.activatesAt().isAfter(now))
                .max(Comparator.comparing(SigningKeyRow::activatesAt));
    }

    /** When the key leaves the JWK set; null while no successor is scheduled. */
    public Instant publishedUntil(SigningKeyRow row) {
        return row.retiresAt() == null ? null : row.retiresAt().plus(tokenLifetime).plus(clockSkew);
    }

    public State state(SigningKeyRow row, List<SigningKeyRow> rows, Instant now) {
        if (row.activatesAt().isAfter(now)) {
            return State.NEXT;
        }
        if (signing(rows, now).map(s -> s.kid().equals(row.kid())).orElse(false)) {
            return State.SIGNING; // published even if its retires_at has passed without a successor
        }
        Instant until = publishedUntil(row);
        return until == null || now.isBefore(until) ? State.RETIRED : State.EXPIRED;
    }

    /** The keys of the JWK set at {@code now}: the signing one, the next one, the retired ones still needed. */
    public List<SigningKeyRow> published(List<SigningKeyRow> rows, Instant now) {
        return rows.stream().filter(r -> state(r, rows, now) != State.EXPIRED).toList();
    }

    /**
     * @param requested true for a rotation requested now (ops): a new key unless one is scheduled
     *                  already; false for the scheduled check: a new key when the signing one is due
     */
    public Plan plan(List<SigningKeyRow> rows, Instant now, boolean requested) {
        Optional<SigningKeyRow> current = signing(rows, now);
        List<SigningKeyRow> next = rows.stream().filter(r -> r.activatesAt().isAfter(now))
                .sorted(Comparator.comparing(SigningKeyRow::activatesAt)).toList();
        Instant create = null;
        Instant createRetiring = null;
        String retire = null;
        if (current.isEmpty()) {
            // first start (or every key lies in the future): a key that signs at once
            create = now;
            createRetiring = next.isEmpty() ? null : next.getFirst().activatesAt();
        } else if (next.isEmpty()) {
            Instant signingSince = current.get().activatesAt();
            if (requested) {
                create = now.plus(leadTime);
            } else if (!now.isBefore(signingSince.plus(period).minus(leadTime))) {
                Instant scheduled = signingSince.plus(period);
                Instant earliest = now.plus(leadTime); // never sign before the key was published for leadTime
                create = scheduled.isAfter(earliest) ? scheduled : earliest;
            }
            retire = create == null ? null : current.get().kid();
        }
        List<String> delete = rows.stream().filter(r -> state(r, rows, now) == State.EXPIRED)
                .map(SigningKeyRow::kid).toList();
        return new Plan(create, createRetiring, retire, delete, next.isEmpty() ? null : next.getFirst());
    }
}
