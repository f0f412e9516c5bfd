package io.podroute.bgp.policy;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.PeerType;
import io.podroute.bgp.codec.attribute.AsPath;
import io.podroute.bgp.codec.attribute.NextHop;
import io.podroute.bgp.codec.attribute.Origin;
import io.podroute.bgp.codec.attribute.PathAttribute;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/** Peers, attributes and small policy builders shared by the policy tests. */
final class Fixtures {
    static final long LOCAL_AS = 64512;
    static final PeerInfo EBGP = peer(65001, PeerType.EBGP);
    static final PeerInfo IBGP = peer(LOCAL_AS, PeerType.IBGP);
    static final PeerInfo LOCAL = PeerInfo.local(LOCAL_AS, 0x0A000001);

    private Fixtures() {}

    static PeerInfo peer(long remoteAs, PeerType type) {
        try {
            return new PeerInfo(InetAddress.getByName("192.0.2.1"), remoteAs, LOCAL_AS, 0x0A000002, type, false);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** ORIGIN IGP, AS_PATH {@code path}, NEXT_HOP 192.0.2.1, then {@code extra}. */
    static PathAttributes attrs(int[] path, PathAttribute... extra) {
        List<PathAttribute> a = new ArrayList<>();
        a.add(Origin.IGP);
        a.add(AsPath.sequence(path));
        a.add(new NextHop(0xC0000201));
        a.addAll(List.of(extra));
        return PathAttributes.of(a);
    }

    static PathAttributes attrs(PathAttribute... extra) {
        return attrs(new int[] {65001}, extra);
    }

    static Prefix p(String text) {
        return Prefix.parse(text);
    }

    /** A policy of one accepting term with {@code match} and {@code set}, default reject. */
    static CompiledPolicy acceptIf(MatchSpec match, SetSpec set) {
        return CompiledPolicy.compile(
                "t", new PolicySpec(List.of(PolicyTerm.accept("only", match, set)), Verdict.REJECT));
    }

    /** A policy that accepts everything and applies {@code set}. */
    static CompiledPolicy setting(SetSpec set) {
        return acceptIf(MatchSpec.ANY, set);
    }

    static MatchSpec communities(String... c) {
        return new MatchSpec(null, null, null, null, null, List.of(c), null);
    }

    static MatchSpec largeCommunities(String... c) {
        return new MatchSpec(null, null, null, null, null, null, List.of(c));
    }

    static SetSpec localPref(long v) {
        return new SetSpec(v, null, null, null, null, null, null);
    }
}
