package io.podroute.agent;

import io.podroute.agent.config.AgentSetup;
import io.podroute.agent.sync.FeederPriority;
import io.podroute.bgp.exabgp.ExaBgpSettings;
import io.podroute.bgp.exabgp.ExaBgpSpeaker;
import io.podroute.bgp.exabgp.ExaBgpUnavailableException;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.speaker.BgpSpeaker;
import io.podroute.bgp.speaker.Speaker;
import io.podroute.bgp.speaker.SpeakerConfig;
import io.podroute.bgp.speaker.SpeakerPeer;
import java.util.List;
import java.util.function.Consumer;

/** Starts the BGP speaker the configuration names ({@code bgp.speaker}: native or exabgp). */
final class Speakers {
    private Speakers() {}

    /**
     * @param beforeSessions attaches listeners before any session starts (no best path or End-of-RIB
     *     is missed)
     * @throws AgentStartException when ExaBGP is missing or too old (the message names the package)
     */
    static Speaker start(
            AgentSetup.Bgp bgp,
            SpeakerConfig config,
            List<SpeakerPeer> peers,
            LocalRoute own,
            Consumer<Speaker> beforeSessions)
            throws AgentStartException {
        if (bgp.backend() == AgentSetup.Backend.NATIVE) {
            return BgpSpeaker.start(config, peers, List.of(own), Runnable::run, s -> {
                FeederPriority.applyToCurrentThread(); // on the speaker's loop: the route table's writer goes first
                beforeSessions.accept(s);
            });
        }
        ExaBgpSettings settings = ExaBgpSettings.defaults(bgp.exabgp().workDir())
                .withBinary(bgp.exabgp().binary());
        try {
            return ExaBgpSpeaker.start(config, peers, List.of(own), settings, beforeSessions);
        } catch (ExaBgpUnavailableException e) {
            throw new AgentStartException("bgp.speaker exabgp: " + e.getMessage(), e);
        }
    }
}
