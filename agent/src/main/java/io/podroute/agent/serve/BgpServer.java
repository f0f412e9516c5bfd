package io.podroute.agent.serve;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.podroute.agent.config.AddressText;
import io.podroute.agent.config.BgpServeSetup;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.speaker.BgpSpeaker;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code podroute bgp serve} without the command line: a {@link BgpSpeaker} with the configured peers
 * and static announcements, and the read-only API ({@code /status}, {@code /rib}, {@code /healthz}).
 * Nothing here touches the kernel. {@link #stop} is idempotent and safe from a shutdown hook.
 */
public final class BgpServer implements AutoCloseable {
    /** The shutdown communication (RFC 9003) every peer receives with Cease 6/2. */
    public static final String STOP_TEXT = "podroute bgp serve stopping";

    static final int DEFAULT_RIB_LIMIT = 10_000;
    private static final Logger log = LoggerFactory.getLogger(BgpServer.class);

    private final BgpServeSetup setup;
    private final BgpSpeaker speaker;
    private final Clock clock;
    private final Instant started;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private ApiServer api;

    private BgpServer(BgpServeSetup setup, BgpSpeaker speaker, Clock clock) {
        this.setup = setup;
        this.speaker = speaker;
        this.clock = clock;
        this.started = clock.instant();
    }

    /**
     * Starts the speaker (sockets made on {@code socketExecutor}; {@code Runnable::run} outside tests
     * that use namespaces), announces the static routes, then opens the API.
     */
    public static BgpServer start(BgpServeSetup setup, Executor socketExecutor, Clock clock) {
        for (String w : setup.warnings()) {
            log.warn("config: {}", w);
        }
        BgpSpeaker speaker = BgpSpeaker.start(setup.speaker(), setup.peers(), socketExecutor);
        BgpServer server = new BgpServer(setup, speaker, clock);
        try {
            speaker.setAdvertisements(setup.routes());
            server.api = ApiServer.start(setup.api(), server::route);
        } catch (RuntimeException e) {
            speaker.close();
            throw e;
        }
        log.info(
                "bgp serve: AS {} router id {}, {} peer(s), {} static route(s), listening on {}, API on http://{}",
                setup.asn(),
                setup.routerId(),
                setup.peers().size(),
                setup.routes().size(),
                setup.speaker().listen().isEmpty()
                        ? "(none: active only)"
                        : setup.speaker().listen(),
                AddressText.format(server.apiAddress()));
        for (SpeakerPeer p : setup.peers()) {
            log.info("peer {}", p.session());
        }
        return server;
    }

    /** The address the API really listens on. */
    public InetSocketAddress apiAddress() {
        return api.address();
    }

    public BgpSpeaker speaker() {
        return speaker;
    }

    /** Sends Cease 6/2 with {@link #STOP_TEXT} to every peer, then closes the speaker and the API. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        log.info("bgp serve: stopping; sending Cease/Administrative Shutdown to every peer");
        try {
            speaker.shutdown(STOP_TEXT);
        } finally {
            if (api != null) {
                api.close();
            }
        }
        log.info("bgp serve: stopped");
    }

    @Override
    public void close() {
        stop();
    }

    private ApiServer.Response route(String path, Map<String, List<String>> query) {
        return switch (path) {
            case "/healthz" -> ok(JsonNodeFactory.instance.objectNode().put("status", "ok"));
            case "/status" -> ok(status());
            case "/rib" -> rib(query);
            default -> ApiServer.error(
                    HttpResponseStatus.NOT_FOUND,
                    "no such endpoint " + path + " (try /status, /rib, /rib?prefix=P, /healthz)");
        };
    }

    private ObjectNode status() {
        List<String> listen =
                setup.speaker().listen().stream().map(AddressText::format).toList();
        StatusJson.SpeakerInfo info = new StatusJson.SpeakerInfo(setup.asn(), setup.routerId(), listen);
        int prefixes = speaker.query(rib -> rib.prefixCount());
        return StatusJson.status(info, Duration.between(started, clock.instant()), prefixes, speaker.peers());
    }

    private ApiServer.Response rib(Map<String, List<String>> query) {
        String prefixText = first(query, "prefix");
        if (prefixText == null) {
            int limit = DEFAULT_RIB_LIMIT;
            String l = first(query, "limit");
            if (l != null) {
                try {
                    limit = Math.max(1, Integer.parseInt(l));
                } catch (NumberFormatException e) {
                    return ApiServer.error(HttpResponseStatus.BAD_REQUEST, "limit: '" + l + "' is not a number");
                }
            }
            int max = limit;
            return ok(speaker.query(rib -> RibJson.all(rib, max)));
        }
        Prefix prefix;
        try {
            prefix = Prefix.parse(prefixText);
        } catch (IllegalArgumentException e) {
            return ApiServer.error(
                    HttpResponseStatus.BAD_REQUEST, "prefix: '" + prefixText + "' is not a prefix: " + e.getMessage());
        }
        ObjectNode body = speaker.query(rib -> RibJson.one(rib, prefix));
        return body == null ? ApiServer.error(HttpResponseStatus.NOT_FOUND, "no route for " + prefix) : ok(body);
    }

    private static String first(Map<String, List<String>> query, String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static ApiServer.Response ok(ObjectNode body) {
        return new ApiServer.Response(HttpResponseStatus.OK, body);
    }
}
