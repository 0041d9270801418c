package io.regiohub.mobility.feed;

import io.regiohub.starter.security.TenantAccess;
import io.regiohub.starter.web.HubProblem;
import io.regiohub.starter.jdbc.Rows;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Registers feeds and their polled sources, and finds them for the caller. */
@Service
public class FeedService {

    static final RowMapper<Feed> FEED = (rs, n) -> new Feed(rs.getObject("id", UUID.class), rs.getString("municipality"),
            rs.getString("name"), rs.getInt("poll_interval_s"), (Long) rs.getObject("active_version"),
            rs.getString("timezone"), Rows.instant(rs.getTimestamp("created_at")));

    private final JdbcClient jdbc;
    /** Boards read their feed on every request: a feed switches its schedule version seldom, boards follow within 2 s. */
    private final com.github.benmanes.caffeine.cache.Cache<UUID, Feed> recent = com.github.benmanes.caffeine.cache.Caffeine
            .newBuilder().maximumSize(10_000).expireAfterWrite(java.time.Duration.ofSeconds(2)).build();
    private final UrlGuard guard;
    private final TenantAccess access;
    private final Clock clock;

    public FeedService(JdbcClient jdbc, UrlGuard guard, TenantAccess access, Clock clock) {
        this.jdbc = jdbc;
        this.guard = guard;
        this.access = access;
        this.clock = clock;
    }

    public record Registered(Feed feed, Map<FeedSourceKind, String> sources, boolean created) {
    }

    /**
     * Registers a feed; registering the same name again with the same sources returns the first
     * registration (a retried request), with other sources it is a conflict.
     */
    @Transactional
    public Registered register(String municipality, RegisterFeed request) {
        Map<FeedSourceKind, String> sources = request.sources();
        List<HubProblem.FieldError> refused = new ArrayList<>();
        sources.forEach((kind, url) -> guard.refusal(url)
                .ifPresent(reason -> refused.add(new HubProblem.FieldError(RegisterFeed.field(kind), reason))));
        if (!refused.isEmpty()) {
            throw new HubProblem(HttpStatus.UNPROCESSABLE_ENTITY, "url-not-allowed", "URL not allowed",
                    "the hub fetches only http/https URLs of hosts its operator allowed, never internal addresses",
                    refused);
        }
        int interval = request.pollIntervalSeconds() == null ? 30 : request.pollIntervalSeconds();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                        INSERT INTO feed (id, municipality, name, poll_interval_s, created_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (municipality, name) DO NOTHING""")
                .params(id, municipality, request.name().strip(), interval, java.sql.Timestamp.from(now)).update();
        if (inserted == 0) {
            Feed existing = jdbc.sql("SELECT * FROM feed WHERE municipality = ? AND name = ?")
                    .params(municipality, request.name().strip()).query(FEED).single();
            Map<FeedSourceKind, String> existingSources = sources(existing.id());
            if (!existingSources.equals(sources) || existing.pollIntervalSeconds() != interval) {
                throw HubProblem.conflict("municipality " + municipality + " already has a feed named '"
                        + existing.name() + "' with other sources (" + existing.id() + ")");
            }
            return new Registered(existing, existingSources, false);
        }
        sources.forEach((kind, url) -> jdbc.sql("""
                        INSERT INTO feed_source (feed_id, kind, url, next_fetch_at) VALUES (?, ?, ?, ?)""")
                .params(id, kind.name(), url, java.sql.Timestamp.from(now)).update());
        return new Registered(find(id).orElseThrow(), sources, true);
    }

    public Optional<Feed> find(UUID id) {
        return jdbc.sql("SELECT * FROM feed WHERE id = ?").param(id).query(FEED).optional();
    }

    /** The feed, or 404. Feeds are published content: anyone may read their boards. */
    public Feed get(UUID id) {
        return find(id).orElseThrow(() -> HubProblem.notFound("feed", id));
    }

    /** The feed as read at most 2 s ago, or 404: for departure boards, which are read far more often than feeds change. */
    public Feed recent(UUID id) {
        Feed feed = recent.get(id, k -> find(k).orElse(null));
        if (feed == null) {
            throw HubProblem.notFound("feed", id);
        }
        return feed;
    }

    /** The feed, for a change: only its municipality's client; another one gets 403. */
    public Feed owned(UUID id) {
        Feed feed = get(id);
        access.requireOwnMunicipality(feed.municipality());
        return feed;
    }

    public List<Feed> ofMunicipality(String municipality) {
        return jdbc.sql("SELECT * FROM feed WHERE municipality = ? ORDER BY name").param(municipality).query(FEED).list();
    }

    /** The polled sources; their URLs may carry an operator's API key, so only the owner and the programme office see them. */
    public Map<FeedSourceKind, String> sources(UUID feedId) {
        Map<FeedSourceKind, String> sources = new EnumMap<>(FeedSourceKind.class);
        jdbc.sql("SELECT kind, url FROM feed_source WHERE feed_id = ?").param(feedId)
                .query((rs, n) -> sources.put(FeedSourceKind.valueOf(rs.getString(1)), rs.getString(2))).list();
        return sources;
    }

    public record SourceState(FeedSourceKind kind, String url, Instant lastFetchedAt, Instant lastChangedAt,
                              Instant nextFetchAt, int failures, String lastError) {
    }

    public List<SourceState> sourceStates(UUID feedId) {
        return jdbc.sql("SELECT * FROM feed_source WHERE feed_id = ? ORDER BY kind").param(feedId)
                .query((rs, n) -> new SourceState(FeedSourceKind.valueOf(rs.getString("kind")), rs.getString("url"),
                        Rows.instant(rs.getTimestamp("last_fetched_at")), Rows.instant(rs.getTimestamp("last_changed_at")),
                        Rows.instant(rs.getTimestamp("next_fetch_at")), rs.getInt("failures"), rs.getString("last_error"))).list();
    }

    public boolean mayReadSources(Feed feed) {
        return access.mayReadIfAuthenticated(feed.municipality());
    }
}
