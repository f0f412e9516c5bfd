package io.podroute.bgp.session;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.podroute.bgp.codec.capability.AddPathCapability;
import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.EnhancedRouteRefreshCapability;
import io.podroute.bgp.codec.capability.ExtendedMessageCapability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import io.podroute.bgp.codec.capability.GracefulRestartCapability;
import io.podroute.bgp.codec.capability.MultiprotocolCapability;
import io.podroute.bgp.codec.capability.RouteRefreshCapability;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.message.OpenMessage;
import io.podroute.bgp.codec.nlri.Family;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds our OPEN for a peer and checks and negotiates the peer's OPEN against the configuration. The
 * codec has already checked everything that needs no configuration (version, AS 0, AS_TRANS without
 * the 4-octet capability, identifier 0, hold time 1-2, malformed capabilities); this adds the checks
 * that do, each throwing the {@link BgpProtocolException} the session turns into the NOTIFICATION.
 * Pure functions, no state.
 */
public final class OpenNegotiator {
    private OpenNegotiator() {}

    /**
     * Our OPEN: families, route refresh, enhanced route refresh, 4-octet AS, and what the config enables.
     * With graceful restart, the Restart State bit is {@link LocalSpeaker#restarting()} and each family's
     * Forwarding State bit {@link LocalSpeaker#forwardingPreserved()}, as they are when the OPEN is built.
     */
    public static OpenMessage localOpen(PeerConfig config, LocalSpeaker local) {
        long asn = config.effectiveLocalAs(local);
        List<Capability> caps = new ArrayList<>();
        for (Family f : sorted(config.families())) {
            caps.add(new MultiprotocolCapability(f));
        }
        caps.add(RouteRefreshCapability.INSTANCE);
        caps.add(EnhancedRouteRefreshCapability.INSTANCE);
        if (config.extendedMessage()) {
            caps.add(ExtendedMessageCapability.INSTANCE);
        }
        caps.add(new FourOctetAsCapability((int) asn));
        if (config.gracefulRestart()) {
            List<GracefulRestartCapability.FamilyEntry> grFamilies = new ArrayList<>();
            for (Family f : sorted(config.families())) {
                int flags = local.forwardingPreserved() ? GracefulRestartCapability.FORWARDING_STATE : 0;
                grFamilies.add(new GracefulRestartCapability.FamilyEntry(f, flags));
            }
            int flags = local.restarting() ? GracefulRestartCapability.RESTART_STATE : 0;
            caps.add(new GracefulRestartCapability(flags, config.restartTime(), grFamilies));
        }
        List<AddPathCapability.FamilyEntry> addPath = new ArrayList<>();
        for (Family f : sorted(config.families())) {
            int v = (config.addPathReceive().contains(f) ? AddPathCapability.RECEIVE : 0)
                    | (config.addPathSend().contains(f) ? AddPathCapability.SEND : 0);
            if (v != 0) {
                addPath.add(new AddPathCapability.FamilyEntry(f, v));
            }
        }
        if (!addPath.isEmpty()) {
            caps.add(new AddPathCapability(addPath));
        }
        return OpenMessage.of(asn, config.holdTime(), local.routerId(), caps);
    }

    /**
     * Checks the peer's OPEN (RFC 4271 §6.2, RFC 6793, RFC 6286, RFC 5492) and returns what both sides
     * agreed on.
     *
     * <p>Families: the session comes up with the intersection of the families; only an empty
     * intersection is refused, with 2/7 Unsupported Capability carrying our multiprotocol capabilities.
     *
     * @throws BgpProtocolException 2/2 for a peer AS other than configured, 2/3 for an iBGP peer with our
     *     BGP identifier, 2/6 for hold time 1 or 2, 2/7 when no family is shared
     */
    public static NegotiatedSession negotiate(
            PeerConfig config, LocalSpeaker local, OpenMessage ours, OpenMessage theirs) {
        FourOctetAsCapability as4 = theirs.capability(FourOctetAsCapability.class);
        if (as4 == null && theirs.myAs() == OpenMessage.AS_TRANS) {
            // RFC 6793 §4.1: AS_TRANS in My AS is only valid with the 4-octet AS capability.
            throw reject(
                    NotificationCode.BAD_PEER_AS, asBytes(theirs.myAs()), "AS_TRANS without 4-octet AS capability");
        }
        long peerAs = theirs.effectiveAs();
        if (peerAs != config.remoteAs()) {
            // RFC 4271 §6.2 leaves the data open; like FRR we echo the 2-octet My AS field.
            throw reject(
                    NotificationCode.BAD_PEER_AS,
                    asBytes(theirs.myAs()),
                    "peer AS " + peerAs + " is not the configured " + config.remoteAs());
        }
        boolean ibgp = config.isIbgp(local);
        if (ibgp && theirs.bgpIdentifier() == local.routerId()) {
            // RFC 6286 §2.2: identifiers must differ within an AS; eBGP peers may share ours.
            throw reject(NotificationCode.BAD_BGP_IDENTIFIER, new byte[0], "iBGP peer uses our BGP identifier");
        }
        if (theirs.holdTime() == 1 || theirs.holdTime() == 2) {
            throw reject(NotificationCode.UNACCEPTABLE_HOLD_TIME, new byte[0], "hold time " + theirs.holdTime());
        }
        Set<Family> families = new LinkedHashSet<>(config.families());
        families.retainAll(advertisedFamilies(theirs));
        if (families.isEmpty()) {
            throw reject(NotificationCode.UNSUPPORTED_CAPABILITY, multiprotocolData(config), "no common family");
        }
        int hold = Math.min(ours.holdTime(), theirs.holdTime());
        int keepalive = hold == 0 ? 0 : hold / 3;
        if (config.keepaliveTime() >= 0 && hold != 0) {
            keepalive = Math.min(keepalive, config.keepaliveTime());
        }
        boolean fourOctet = as4 != null && ours.capability(FourOctetAsCapability.class) != null;
        boolean rr = both(ours, theirs, RouteRefreshCapability.class);
        boolean err = both(ours, theirs, EnhancedRouteRefreshCapability.class);
        boolean ext = both(ours, theirs, ExtendedMessageCapability.class);
        Set<Family> addRecv = new HashSet<>();
        Set<Family> addSend = new HashSet<>();
        AddPathCapability ourAp = ours.capability(AddPathCapability.class);
        AddPathCapability theirAp = theirs.capability(AddPathCapability.class);
        if (ourAp != null && theirAp != null) {
            for (Family f : families) {
                AddPathCapability.FamilyEntry o = entry(ourAp, f);
                AddPathCapability.FamilyEntry t = entry(theirAp, f);
                if (o != null && t != null) {
                    if (o.canReceive() && t.canSend()) {
                        addRecv.add(f);
                    }
                    if (o.canSend() && t.canReceive()) {
                        addSend.add(f);
                    }
                }
            }
        }
        GracefulRestartCapability peerGr = theirs.capability(GracefulRestartCapability.class);
        boolean gr = peerGr != null && ours.capability(GracefulRestartCapability.class) != null;
        return new NegotiatedSession(
                peerAs,
                theirs.bgpIdentifier(),
                hold,
                keepalive,
                fourOctet,
                families,
                rr,
                err,
                ext,
                addRecv,
                addSend,
                gr,
                peerGr,
                ours,
                theirs);
    }

    /** The families a peer's OPEN offers: its multiprotocol capabilities, or IPv4 unicast if it has none. */
    static Set<Family> advertisedFamilies(OpenMessage open) {
        Set<Family> out = new HashSet<>();
        boolean any = false;
        for (Capability c : open.capabilities()) {
            if (c instanceof MultiprotocolCapability mp) {
                any = true;
                out.add(mp.family());
            }
        }
        if (!any) {
            out.add(Family.IPV4_UNICAST); // RFC 4760 §8 / RFC 4271: IPv4 unicast is implied
        }
        return out;
    }

    private static boolean both(OpenMessage a, OpenMessage b, Class<? extends Capability> type) {
        return a.capability(type) != null && b.capability(type) != null;
    }

    private static AddPathCapability.FamilyEntry entry(AddPathCapability cap, Family f) {
        for (AddPathCapability.FamilyEntry e : cap.families()) {
            if (e.family().equals(f)) {
                return e;
            }
        }
        return null;
    }

    private static List<Family> sorted(Set<Family> families) {
        List<Family> list = new ArrayList<>(families);
        list.sort(
                (x, y) -> x.afi() != y.afi() ? Integer.compare(x.afi(), y.afi()) : Integer.compare(x.safi(), y.safi()));
        return list;
    }

    private static byte[] multiprotocolData(PeerConfig config) {
        ByteBuf buf = Unpooled.buffer();
        try {
            for (Family f : sorted(config.families())) {
                MultiprotocolCapability c = new MultiprotocolCapability(f);
                buf.writeByte(c.code());
                buf.writeByte(c.valueLength());
                c.writeValue(buf);
            }
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    private static byte[] asBytes(int myAs) {
        return new byte[] {(byte) (myAs >>> 8), (byte) myAs};
    }

    private static BgpProtocolException reject(NotificationCode code, byte[] data, String reason) {
        return new BgpProtocolException(code, data, reason);
    }
}
