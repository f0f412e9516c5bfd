package io.podroute.bgp.speaker;

import static io.podroute.bgp.speaker.DaemonLab.DAEMON_AS;
import static io.podroute.bgp.speaker.DaemonLab.OUR_AS;
import static io.podroute.bgp.speaker.DaemonLab.has;
import static io.podroute.bgp.speaker.DaemonLab.local;
import static io.podroute.bgp.speaker.DaemonLab.nextHop;
import static io.podroute.bgp.speaker.DaemonLab.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podroute.bgp.codec.attribute.LocalPref;
import io.podroute.bgp.codec.nlri.Prefix;
import io.podroute.bgp.rib.NextHopAddress;
import io.podroute.bgp.rib.Route;
import io.podroute.bgp.testing.Daemons;
import io.podroute.bgp.testing.NetnsLab;
import io.podroute.bgp.testing.RequiresRoot;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The whole speaker against FRR bgpd, GoBGP, ExaBGP and BIRD (IPv6, iBGP), each in its own namespace:
 * routes announced both ways and withdrawn, checked on the daemon with its own tools. eBGP sessions
 * use 4-byte ASNs (daemon AS 4200000001, ours 4200000002).
 */
@RequiresRoot(binaries = {"/usr/sbin/bird", "/usr/lib/frr/bgpd", "/usr/bin/gobgpd", "/usr/sbin/exabgp", "ip"})
class SpeakerDaemonsIT {
    private static final Prefix OURS = Prefix.parse("10.244.1.0/26");
    private static final Prefix THEIRS = Prefix.parse("10.244.2.0/26");
    private static final Prefix OURS6 = Prefix.parse("fd00:244:1::/64");
    private static final Prefix THEIRS6 = Prefix.parse("fd00:244:2::/64");

    @Test
    void frrIpv4AndIpv6BothWays() {
        DaemonLab l = DaemonLab.create(31);
        try (NetnsLab lab = l.lab()) {
            Daemons.frr(
                    lab,
                    l.daemonNs(),
                    DAEMON_AS,
                    " bgp router-id " + l.daemon4()
                            + "\n no bgp ebgp-requires-policy\n no bgp network import-check"
                            + "\n no bgp default ipv4-unicast"
                            + "\n neighbor " + l.ours4() + " remote-as " + OUR_AS
                            + "\n neighbor " + l.ours4() + " advertisement-interval 0"
                            + "\n neighbor " + l.ours6() + " remote-as " + OUR_AS
                            + "\n neighbor " + l.ours6() + " advertisement-interval 0"
                            + "\n address-family ipv4 unicast\n  network " + THEIRS + "\n  neighbor " + l.ours4()
                            + " activate\n exit-address-family"
                            + "\n address-family ipv6 unicast\n  network " + THEIRS6 + "\n  neighbor " + l.ours6()
                            + " activate\n exit-address-family");
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    false,
                    List.of(
                            open(l.session(l.daemon4(), DAEMON_AS).build()),
                            open(l.session(l.daemon6(), DAEMON_AS).build())));
            s.setAdvertisements(List.of(local(OURS), local(OURS6)));

            assertTrue(
                    l.await(() -> has(s, THEIRS) && has(s, THEIRS6)),
                    "FRR's routes: " + s.peers() + lab.read("bgpd.log"));
            assertEquals(l.daemon4(), nextHop(s, THEIRS).address().getHostAddress());
            NextHopAddress nh6 = nextHop(s, THEIRS6);
            assertEquals(SpeakerInteropIT.ip(l.daemon6()), nh6.address(), "the global next hop is installed: " + nh6);
            // bgpd without zebra knows no interface, so no link-local address to add: global only.
            assertTrue(nh6.linkLocal() == null || nh6.linkLocal().isLinkLocalAddress(), nh6.toString());

            assertTrue(
                    l.await(() -> Daemons.vtysh(lab, "show bgp ipv4 unicast " + OURS + " json")
                            .contains("\"" + l.ours4() + "\"")),
                    Daemons.vtysh(lab, "show bgp ipv4 unicast json"));
            // Our IPv6 route reaches FRR with our global address as next hop, and FRR uses it.
            assertTrue(
                    l.await(() -> {
                        String j = Daemons.vtysh(lab, "show bgp ipv6 unicast " + OURS6 + " json");
                        return j.contains("\"" + l.ours6() + "\"") && j.contains("\"valid\":true");
                    }),
                    Daemons.vtysh(lab, "show bgp ipv6 unicast " + OURS6 + " json"));

            s.setAdvertisements(List.of());
            assertTrue(
                    l.await(() -> !Daemons.vtysh(lab, "show bgp ipv4 unicast json")
                                    .contains(OURS.toString())
                            && !Daemons.vtysh(lab, "show bgp ipv6 unicast json").contains(OURS6.toString())),
                    "FRR dropped our routes: " + Daemons.vtysh(lab, "show bgp ipv6 unicast json"));
            Daemons.vtysh(
                    lab,
                    "configure terminal",
                    "router bgp " + DAEMON_AS,
                    "address-family ipv4 unicast",
                    "no network " + THEIRS,
                    "exit-address-family",
                    "address-family ipv6 unicast",
                    "no network " + THEIRS6);
            assertTrue(l.await(() -> !has(s, THEIRS) && !has(s, THEIRS6)), "FRR's withdrawals");
        }
    }

    @Test
    void gobgpBothWays() {
        DaemonLab l = DaemonLab.create(32);
        try (NetnsLab lab = l.lab()) {
            Daemons.gobgp(
                    lab,
                    l.daemonNs(),
                    "[global.config]\n  as = " + DAEMON_AS + "\n  router-id = \"" + l.daemon4()
                            + "\"\n  local-address-list = [\"" + l.daemon4() + "\"]\n"
                            + "[[neighbors]]\n  [neighbors.config]\n    neighbor-address = \"" + l.ours4()
                            + "\"\n    peer-as = " + OUR_AS + "\n"
                            + "  [[neighbors.afi-safis]]\n    [neighbors.afi-safis.config]\n"
                            + "      afi-safi-name = \"ipv4-unicast\"\n");
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    false,
                    List.of(open(l.session(l.daemon4(), DAEMON_AS).build())));
            s.setAdvertisements(List.of(local(OURS)));
            assertTrue(
                    l.await(() ->
                            Daemons.gobgp(lab, "global", "rib", "-a", "ipv4").contains(OURS.toString())),
                    "GoBGP learned our route: " + Daemons.gobgp(lab, "global", "rib", "-a", "ipv4") + s.peers());
            String adjIn = Daemons.gobgp(lab, "neighbor", l.ours4(), "adj-in", "-a", "ipv4");
            assertTrue(adjIn.contains(OURS.toString()) && adjIn.contains(l.ours4()), adjIn);
            assertTrue(adjIn.contains(Long.toString(OUR_AS)), "4-byte AS in the path: " + adjIn);

            Daemons.gobgp(lab, "global", "rib", "add", THEIRS.toString(), "-a", "ipv4");
            assertTrue(l.await(() -> has(s, THEIRS)), "GoBGP's route: " + s.peers() + lab.read("gobgpd.out"));
            assertEquals(l.daemon4(), nextHop(s, THEIRS).address().getHostAddress());
            Route r = DaemonLab.best(s, THEIRS).orElseThrow();
            assertTrue(
                    r.attributes()
                            .find(io.podroute.bgp.codec.attribute.AsPath.class)
                            .contains(DAEMON_AS),
                    r.toString());

            Daemons.gobgp(lab, "global", "rib", "del", THEIRS.toString(), "-a", "ipv4");
            assertTrue(l.await(() -> !has(s, THEIRS)), "GoBGP's withdrawal");
            s.setAdvertisements(List.of());
            assertTrue(
                    l.await(() ->
                            !Daemons.gobgp(lab, "global", "rib", "-a", "ipv4").contains(OURS.toString())),
                    Daemons.gobgp(lab, "global", "rib", "-a", "ipv4"));
        }
    }

    @Test
    void exabgpBothWays() {
        DaemonLab l = DaemonLab.create(33);
        try (NetnsLab lab = l.lab()) {
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    true,
                    List.of(open(l.session(l.daemon4(), DAEMON_AS).passive(true).build())));
            s.setAdvertisements(List.of(local(OURS)));
            Daemons.exabgpWithApi(
                    lab,
                    l.daemonNs(),
                    "neighbor " + l.ours4() + " {\n  router-id " + l.daemon4() + ";\n  local-address " + l.daemon4()
                            + ";\n  local-as " + DAEMON_AS + ";\n  peer-as " + OUR_AS
                            + ";\n  hold-time 90;\n  capability {\n    route-refresh;\n    graceful-restart 120;\n  }\n"
                            + "  family {\n    ipv4 unicast;\n  }\n  API\n}\n",
                    179);
            assertTrue(
                    l.await(() -> Daemons.exabgpReceived(lab).contains("\"" + OURS + "\"")),
                    "ExaBGP received our route: " + Daemons.exabgpReceived(lab) + lab.read("exabgp.log") + s.peers());
            assertTrue(
                    Daemons.exabgpReceived(lab)
                            .contains("\"ipv4 unicast\": { \"" + l.ours4() + "\": [ { \"nlri\": \"" + OURS + "\""),
                    Daemons.exabgpReceived(lab));

            Daemons.exabgpCommand(lab, "announce route " + THEIRS + " next-hop " + l.daemon4());
            assertTrue(l.await(() -> has(s, THEIRS)), "ExaBGP's route: " + s.peers() + lab.read("exabgp.log"));
            assertEquals(l.daemon4(), nextHop(s, THEIRS).address().getHostAddress());
            Daemons.exabgpCommand(lab, "withdraw route " + THEIRS + " next-hop " + l.daemon4());
            assertTrue(l.await(() -> !has(s, THEIRS)), "ExaBGP's withdrawal");

            s.setAdvertisements(List.of());
            assertTrue(
                    l.await(() -> Pattern.compile("\"withdraw\": \\{ \"ipv4 unicast\": \\[ \\{ \"nlri\": \""
                                    + Pattern.quote(OURS.toString()))
                            .matcher(Daemons.exabgpReceived(lab))
                            .find()),
                    "ExaBGP saw our withdrawal: " + Daemons.exabgpReceived(lab));
        }
    }

    @Test
    void birdIpv6BothWays() {
        DaemonLab l = DaemonLab.create(34);
        try (NetnsLab lab = l.lab()) {
            Daemons.birdWith(
                    lab,
                    l.daemonNs(),
                    l.daemon4(),
                    "protocol static pods6 {\n  ipv6;\n  route " + THEIRS6 + " blackhole;\n}\n",
                    "  local " + l.daemon6() + " as " + DAEMON_AS + ";\n  neighbor " + l.ours6() + " as " + OUR_AS
                            + ";\n  ipv6 { import all; export where proto = \"pods6\"; };");
            BgpSpeaker s = l.speaker(
                    OUR_AS,
                    false,
                    List.of(open(l.session(l.daemon6(), DAEMON_AS).build())));
            s.setAdvertisements(List.of(local(OURS6)));
            assertTrue(l.await(() -> has(s, THEIRS6)), "BIRD's IPv6 route: " + s.peers() + lab.read("bird.log"));
            NextHopAddress nh = nextHop(s, THEIRS6);
            assertEquals(SpeakerInteropIT.ip(l.daemon6()), nh.address(), "the global next hop is installed: " + nh);
            assertNotNull(nh.linkLocal(), "BIRD sends global + link-local on a shared subnet: " + nh);
            assertTrue(nh.linkLocal().isLinkLocalAddress(), nh.toString());
            assertTrue(
                    l.await(() -> Daemons.birdc(lab, "show route " + OURS6).contains("via " + l.ours6() + " on v0")),
                    "BIRD uses our global next hop: " + Daemons.birdc(lab, "show route all"));
            s.setAdvertisements(List.of());
            assertTrue(l.await(() -> !Daemons.birdc(lab, "show route " + OURS6).contains(OURS6.toString())));
            Daemons.birdc(lab, "disable pods6");
            assertTrue(l.await(() -> !has(s, THEIRS6)), "BIRD's IPv6 withdrawal");
        }
    }

    @Test
    void birdIbgpKeepsLocalPrefAndPrependsNothing() {
        DaemonLab l = DaemonLab.create(35);
        try (NetnsLab lab = l.lab()) {
            Daemons.birdWith(
                    lab,
                    l.daemonNs(),
                    l.daemon4(),
                    "protocol static pods {\n  ipv4;\n  route " + THEIRS + " blackhole;\n}\n",
                    "  local " + l.daemon4() + " as " + DAEMON_AS + ";\n  neighbor " + l.ours4() + " as " + DAEMON_AS
                            + ";\n  direct;\n  ipv4 { import all; export where proto = \"pods\"; };");
            BgpSpeaker s = l.speaker(
                    DAEMON_AS,
                    false,
                    List.of(open(l.session(l.daemon4(), DAEMON_AS).build())));
            s.setAdvertisements(List.of(local(OURS)));
            assertTrue(
                    l.await(() -> has(s, THEIRS)),
                    "BIRD's route: " + s.peers() + lab.read("bird.log") + lab.read("bird.out"));
            Route r = DaemonLab.best(s, THEIRS).orElseThrow();
            assertTrue(r.peer().isIbgp(), r.toString());
            assertNotNull(r.attributes().find(LocalPref.class), "LOCAL_PREF from an iBGP peer is kept: " + r);
            assertTrue(
                    l.await(() ->
                            Daemons.birdc(lab, "show route " + OURS + " all").contains("BGP.local_pref: 100")),
                    Daemons.birdc(lab, "show route all"));
            String all = Daemons.birdc(lab, "show route " + OURS + " all");
            assertTrue(Pattern.compile("BGP\\.as_path:[ \\t]*\\n").matcher(all).find(), "no AS prepended: " + all);
            s.setAdvertisements(List.of());
            assertTrue(l.await(() -> !Daemons.birdc(lab, "show route " + OURS).contains(OURS.toString())));
        }
    }
}
