package io.podroute.bgp.speaker;

import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.rib.LocalRoute;
import io.podroute.bgp.rib.Rib;
import io.podroute.bgp.rib.RibListener;
import java.net.InetAddress;
import java.util.Collection;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * What the agent needs from a BGP speaker, whichever runs the sessions: the native one ({@link
 * BgpSpeaker}, Netty) or ExaBGP driven as a child process. Both keep a {@link Rib} of their own, so
 * best-path events, status and {@code --explain} behave the same.
 */
public interface Speaker extends AutoCloseable {
    /** Adds a peer and starts it (replacing one with the same address). */
    void addPeer(SpeakerPeer peer);

    /** Shuts a peer down (Cease 6/3) and forgets it and its routes. */
    void removePeer(InetAddress address);

    /** The full set of locally originated routes. */
    void setAdvertisements(Collection<LocalRoute> routes);

    /** Best-path changes; called on the speaker's thread, must not block. */
    void addListener(RibListener listener);

    /** End-of-RIB markers received, after the peer's stale paths were swept; must not block. */
    void addEndOfRibListener(BiConsumer<InetAddress, Family> listener);

    /** Status of every configured peer. */
    List<PeerStatus> peers();

    /** Runs a read-only query against the RIB on the speaker's thread. */
    <T> T query(Function<Rib, T> query);

    /** Orderly stop: Cease 6/2 with {@code text} to every peer. */
    void shutdown(String text);

    /**
     * Stops without a NOTIFICATION (peers with graceful restart keep our routes for our restart time).
     */
    @Override
    void close();
}
