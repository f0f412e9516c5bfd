package io.podroute.bgp.session;

import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.util.Set;

/**
 * What both OPENs agreed on (RFC 5492: a capability is in use only when both sides advertised it).
 * Built by {@link OpenNegotiator#negotiate}; the two codec contexts it yields are applied to the
 * channel right after the OPEN exchange.
 *
 * @param peerAs the peer's AS (from its 4-octet AS capability, else My AS)
 * @param peerRouterId the peer's BGP identifier
 * @param holdTime the smaller of the two hold times, seconds (0: no hold timer, no keepalives)
 * @param keepaliveTime seconds between our KEEPALIVEs (0 when the hold time is 0)
 * @param fourOctetAs both advertised the 4-octet AS capability (RFC 6793)
 * @param families the intersection of the advertised families (IPv4 unicast implied without any MP
 *     capability, RFC 4760 §8)
 * @param routeRefresh both advertised route refresh (RFC 2918)
 * @param enhancedRouteRefresh both advertised enhanced route refresh (RFC 7313)
 * @param extendedMessage both advertised extended messages (RFC 8654): frames up to 65535 both ways
 * @param addPathReceive families in which the peer sends and we receive path identifiers (RFC 7911)
 * @param addPathSend families in which we send and the peer receives path identifiers
 * @param gracefulRestart both advertised graceful restart (RFC 4724)
 * @param peerGracefulRestart the peer's graceful restart capability (restart bit, time, families with
 *     their forwarding bit), or null
 * @param localOpen the OPEN we sent
 * @param remoteOpen the OPEN we received
 */
public record NegotiatedSession(
        long peerAs,
        int peerRouterId,
        int holdTime,
        int keepaliveTime,
        boolean fourOctetAs,
        Set<Family> families,
        boolean routeRefresh,
        boolean enhancedRouteRefresh,
        boolean extendedMessage,
        Set<Family> addPathReceive,
        Set<Family> addPathSend,
        boolean gracefulRestart,
        GracefulRestartCapability peerGracefulRestart,
        OpenMessage localOpen,
        OpenMessage remoteOpen) {
    public NegotiatedSession {
        families = Set.copyOf(families);
        addPathReceive = Set.copyOf(addPathReceive);
        addPathSend = Set.copyOf(addPathSend);
    }

    /** How to decode what the peer sends. */
    public CodecContext receiveContext() {
        return new CodecContext(
                fourOctetAs,
                extendedMessage,
                addPathReceive.contains(Family.IPV4_UNICAST),
                addPathReceive.contains(Family.IPV6_UNICAST));
    }

    /** How to encode what we send. */
    public CodecContext sendContext() {
        return new CodecContext(
                fourOctetAs,
                extendedMessage,
                addPathSend.contains(Family.IPV4_UNICAST),
                addPathSend.contains(Family.IPV6_UNICAST));
    }

    /** True if the peer advertised the Restart State bit: it has just restarted (RFC 4724 §3). */
    public boolean peerRestarting() {
        return peerGracefulRestart != null && peerGracefulRestart.restartState();
    }
}
