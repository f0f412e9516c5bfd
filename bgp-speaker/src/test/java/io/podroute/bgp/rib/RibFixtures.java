package io.podroute.bgp.rib;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.attribute.MpReachNlri;
import io.podroute.bgp.codec.attribute.MpUnreachNlri;
import io.podroute.bgp.codec.attribute.MultiExitDisc;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.error.ErrorAction;
import io.podroute.bgp.codec.error.NotificationCode;
import io.podroute.bgp.codec.error.UpdateError;
import io.podroute.bgp.codec.message.UpdateMessage;
import io.podroute.bgp.codec.nlri.Family;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.codec.nlri.PrefixList;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Peers, attributes and UPDATEs for the RIB tests. Local AS 65000, router id 10.255.0.1. */
final class RibFixtures {
    static final long LOCAL_AS = 65000;
    static final int ROUTER_ID = ip4("10.255.0.1");

    private RibFixtures() {}

    static RibConfig config() {
        return RibConfig.of(LOCAL_AS, ROUTER_ID);
    }

    static PeerInfo ebgp(String address, long as) {
        return new PeerInfo(addr(address), as, LOCAL_AS, ip4(address), PeerType.EBGP, false);
    }

    static PeerInfo ebgp(String address, long as, String routerId) {
        return new PeerInfo(addr(address), as, LOCAL_AS, ip4(routerId), PeerType.EBGP, false);
    }

    static PeerInfo ibgp(String address) {
        return new PeerInfo(addr(address), LOCAL_AS, LOCAL_AS, ip4(address), PeerType.IBGP, false);
    }

    static PeerInfo ibgp(String address, String routerId) {
        return new PeerInfo(addr(address), LOCAL_AS, LOCAL_AS, ip4(routerId), PeerType.IBGP, false);
    }

    static InetAddress addr(String text) {
        try {
            return InetAddress.getByAddress(Prefix.parseAddress(text));
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static int ip4(String text) {
        return (int) Prefix.parse(text + "/32").hi();
    }

    static Prefix p(String text) {
        return Prefix.parse(text);
    }

    /** ORIGIN IGP, AS_PATH as given, plus {@code more}. */
    static PathAttributes attrs(int[] asPath, PathAttribute... more) {
        List<PathAttribute> a = new ArrayList<>();
        a.add(Origin.IGP);
        a.add(AsPath.sequence(asPath));
        a.addAll(List.of(more));
        return PathAttributes.of(a);
    }

    static int[] path(int... asns) {
        return asns;
    }

    static LocalPref localPref(int v) {
        return new LocalPref(v);
    }

    static MultiExitDisc med(int v) {
        return new MultiExitDisc(v);
    }

    /** An IPv4 UPDATE announcing {@code prefixes} via {@code nextHop} with {@code attrs}. */
    static UpdateMessage announce(PathAttributes attrs, String nextHop, String... prefixes) {
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attrs.with(new NextHop(ip4(nextHop))), v4(null, prefixes));
    }

    /** As {@link #announce} with add-path ids, one per prefix. */
    static UpdateMessage announceWithIds(PathAttributes attrs, String nextHop, int[] ids, String... prefixes) {
        return UpdateMessage.of(PrefixList.EMPTY_IPV4, attrs.with(new NextHop(ip4(nextHop))), v4(ids, prefixes));
    }

    static UpdateMessage withdraw(String... prefixes) {
        return UpdateMessage.of(v4(null, prefixes), PathAttributes.EMPTY, PrefixList.EMPTY_IPV4);
    }

    static UpdateMessage withdrawWithIds(int[] ids, String... prefixes) {
        return UpdateMessage.of(v4(ids, prefixes), PathAttributes.EMPTY, PrefixList.EMPTY_IPV4);
    }

    /** An IPv6 UPDATE: MP_REACH_NLRI with {@code nextHop} (16 or 32 bytes) carrying {@code prefixes}. */
    static UpdateMessage announce6(PathAttributes attrs, byte[] nextHop, String... prefixes) {
        List<Prefix> list = new ArrayList<>();
        for (String s : prefixes) {
            list.add(p(s));
        }
        return UpdateMessage.of(
                PrefixList.EMPTY_IPV4,
                attrs.with(MpReachNlri.of(Family.IPV6_UNICAST, nextHop, PrefixList.of(true, list))),
                PrefixList.EMPTY_IPV4);
    }

    static UpdateMessage withdraw6(String... prefixes) {
        List<Prefix> list = new ArrayList<>();
        for (String s : prefixes) {
            list.add(p(s));
        }
        return UpdateMessage.of(
                PrefixList.EMPTY_IPV4,
                PathAttributes.of(MpUnreachNlri.of(Family.IPV6_UNICAST, PrefixList.of(true, list))),
                PrefixList.EMPTY_IPV4);
    }

    /** {@code update} as the codec delivers it after finding a treat-as-withdraw error. */
    static UpdateMessage treatAsWithdraw(UpdateMessage update) {
        return new UpdateMessage(
                update.withdrawn(),
                update.attributes(),
                update.nlri(),
                List.of(new UpdateError(
                        ErrorAction.TREAT_AS_WITHDRAW,
                        NotificationCode.MALFORMED_AS_PATH,
                        PathAttribute.AS_PATH,
                        new byte[0],
                        "test")));
    }

    static PrefixList v4(int[] ids, String... prefixes) {
        List<Prefix> list = new ArrayList<>();
        for (String s : prefixes) {
            list.add(p(s));
        }
        return PrefixList.of(false, list, ids);
    }

    /** Collects every change delivered to it, and the batches. */
    static final class Recorder implements RibListener {
        final List<BestPathChange> changes = new ArrayList<>();
        final List<Integer> batchSizes = new ArrayList<>();

        @Override
        public void onChanges(List<BestPathChange> batch) {
            changes.addAll(batch);
            batchSizes.add(batch.size());
        }

        List<BestPathChange> take() {
            List<BestPathChange> out = List.copyOf(changes);
            changes.clear();
            return out;
        }
    }
}
