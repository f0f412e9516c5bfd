package io.podroute.bgp.session;

import io.podroute.bgp.codec.nlri.Family;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * One configured BGP neighbour. Immutable; {@link #builder} fills the defaults and {@code build()}
 * validates, naming the field in the error. The TCP MD5 password never leaves this record through
 * {@link #toString()} (it prints {@code password=<redacted>}), so logging a config is safe.
 *
 * @param remoteAddress the peer's address; inbound connections are accepted only from it
 * @param remotePort the port we connect to (179)
 * @param remoteAs the peer's AS, unsigned 32-bit; equal to the local AS makes the session iBGP
 * @param localAs our AS on this session, or 0 for the speaker's ({@link LocalSpeaker#asn()})
 * @param holdTime proposed hold time in seconds: 0 (no keepalives) or 3..65535; default 90
 * @param keepaliveTime keepalive interval in seconds, or -1 for a third of the negotiated hold time
 * @param connectRetry the ConnectRetry time (30 s); each attempt is jittered to 75..100 % (RFC 4271 §10)
 * @param connectRetryMax cap of the exponential backoff after repeated failures (300 s)
 * @param passive never connect, only accept (the peer must connect to us)
 * @param ttl TTL of our packets, 0 for the default: 1 for eBGP (directly connected), 255 for iBGP
 * @param sourceAddress local address to bind outgoing connections to, or null
 * @param password TCP MD5 signature key (RFC 2385), or null
 * @param ttlSecurityHops GTSM (RFC 5082): 0 off, else the peer is at most this many hops away; we send
 *     TTL 255 and drop packets arriving with TTL below 256 - hops
 * @param gracefulRestart advertise graceful restart (RFC 4724); on by default
 * @param restartTime the restart time we advertise, seconds (0..4095)
 * @param families address families to negotiate (IPv4 and/or IPv6 unicast)
 * @param addPathReceive families in which we accept add-path identifiers (RFC 7911)
 * @param addPathSend families in which we may send add-path identifiers
 * @param extendedMessage advertise RFC 8654 extended messages
 * @param delayOpen the DelayOpen time (RFC 4271 §8.1.1), {@link Duration#ZERO} for off
 * @param routeReflectorClient iBGP peer that is a route-reflector client (RFC 4456), for the RIB
 */
public record PeerConfig(
        InetAddress remoteAddress,
        int remotePort,
        long remoteAs,
        long localAs,
        int holdTime,
        int keepaliveTime,
        Duration connectRetry,
        Duration connectRetryMax,
        boolean passive,
        int ttl,
        InetAddress sourceAddress,
        String password,
        int ttlSecurityHops,
        boolean gracefulRestart,
        int restartTime,
        Set<Family> families,
        Set<Family> addPathReceive,
        Set<Family> addPathSend,
        boolean extendedMessage,
        Duration delayOpen,
        boolean routeReflectorClient) {
    public static final int BGP_PORT = 179;
    /** Linux TCP_MD5SIG_MAXKEYLEN. */
    public static final int MAX_PASSWORD_BYTES = 80;

    public PeerConfig {
        require(remoteAddress != null, "remoteAddress", "is required");
        require(remotePort > 0 && remotePort <= 0xFFFF, "remotePort", "must be 1..65535, got " + remotePort);
        require(remoteAs > 0 && remoteAs <= 0xFFFF_FFFFL, "remoteAs", "must be 1..4294967295, got " + remoteAs);
        require(localAs >= 0 && localAs <= 0xFFFF_FFFFL, "localAs", "must be 0 (speaker's) or 1..4294967295");
        require(holdTime == 0 || (holdTime >= 3 && holdTime <= 0xFFFF), "holdTime", "must be 0 or 3..65535 s");
        require(keepaliveTime >= -1 && keepaliveTime <= 0xFFFF, "keepaliveTime", "must be -1 (hold/3) or 0..65535 s");
        require(holdTime == 0 || keepaliveTime < holdTime, "keepaliveTime", "must be below holdTime");
        require(
                connectRetry != null && !connectRetry.isNegative() && !connectRetry.isZero(),
                "connectRetry",
                "must be positive");
        require(
                connectRetryMax != null && connectRetryMax.compareTo(connectRetry) >= 0,
                "connectRetryMax",
                "must be at least connectRetry");
        require(ttl >= 0 && ttl <= 255, "ttl", "must be 0 (default) or 1..255");
        require(ttlSecurityHops >= 0 && ttlSecurityHops <= 254, "ttlSecurityHops", "must be 0 (off) or 1..254");
        require(ttl == 0 || ttlSecurityHops == 0, "ttlSecurityHops", "cannot be combined with ttl (GTSM sends 255)");
        require(
                sourceAddress == null
                        || (sourceAddress instanceof Inet4Address) == (remoteAddress instanceof Inet4Address),
                "sourceAddress",
                "must be of the same address family as remoteAddress");
        require(
                password == null
                        || (!password.isEmpty()
                                && password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES),
                "password",
                "must be 1.." + MAX_PASSWORD_BYTES + " bytes");
        require(restartTime >= 0 && restartTime <= 0xFFF, "restartTime", "must be 0..4095 s");
        require(families != null && !families.isEmpty(), "families", "must name at least one family");
        families = Set.copyOf(families);
        for (Family f : families) {
            require(f.isSupported(), "families", "unsupported family " + f);
        }
        addPathReceive = Set.copyOf(Objects.requireNonNullElse(addPathReceive, Set.<Family>of()));
        addPathSend = Set.copyOf(Objects.requireNonNullElse(addPathSend, Set.<Family>of()));
        require(families.containsAll(addPathReceive), "addPathReceive", "must be a subset of families");
        require(families.containsAll(addPathSend), "addPathSend", "must be a subset of families");
        require(delayOpen != null && !delayOpen.isNegative(), "delayOpen", "must be zero (off) or positive");
    }

    private static void require(boolean ok, String field, String message) {
        if (!ok) {
            throw new IllegalArgumentException("peer config " + field + ": " + message);
        }
    }

    public static Builder builder(InetAddress remoteAddress, long remoteAs) {
        return new Builder(remoteAddress, remoteAs);
    }

    /** A builder starting from this config. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Our AS on this session: the override, else the speaker's. */
    public long effectiveLocalAs(LocalSpeaker local) {
        return localAs != 0 ? localAs : local.asn();
    }

    /** True if the peer is in our AS. */
    public boolean isIbgp(LocalSpeaker local) {
        return remoteAs == effectiveLocalAs(local);
    }

    /** The TTL our packets carry: 255 with GTSM, the configured one, or 1 (eBGP) / 255 (iBGP). */
    public int effectiveTtl(LocalSpeaker local) {
        if (ttlSecurityHops > 0) {
            return 255;
        }
        if (ttl > 0) {
            return ttl;
        }
        return isIbgp(local) ? 255 : 1;
    }

    /** The minimum TTL accepted with GTSM (RFC 5082 §3: 255 - hops + 1), or 0 when GTSM is off. */
    public int minimumTtl() {
        return ttlSecurityHops > 0 ? 256 - ttlSecurityHops : 0;
    }

    /** The MD5 key bytes, or null; only for the transport. */
    public byte[] passwordBytes() {
        return password == null ? null : password.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PeerConfig[remote=" + remoteAddress.getHostAddress() + ":" + remotePort + ", remoteAs=" + remoteAs
                + ", localAs=" + localAs + ", holdTime=" + holdTime + ", keepaliveTime=" + keepaliveTime
                + ", connectRetry=" + connectRetry + ", connectRetryMax=" + connectRetryMax + ", passive=" + passive
                + ", ttl=" + ttl + ", sourceAddress=" + (sourceAddress == null ? null : sourceAddress.getHostAddress())
                + ", password=" + (password == null ? "none" : "<redacted>") + ", ttlSecurityHops=" + ttlSecurityHops
                + ", gracefulRestart=" + gracefulRestart + ", restartTime=" + restartTime + ", families=" + families
                + ", addPathReceive=" + addPathReceive + ", addPathSend=" + addPathSend
                + ", extendedMessage=" + extendedMessage + ", delayOpen=" + delayOpen
                + ", routeReflectorClient=" + routeReflectorClient + "]";
    }

    /** Fills defaults; {@link #build()} validates. */
    public static final class Builder {
        private InetAddress remoteAddress;
        private int remotePort = BGP_PORT;
        private long remoteAs;
        private long localAs;
        private int holdTime = 90;
        private int keepaliveTime = -1;
        private Duration connectRetry = Duration.ofSeconds(30);
        private Duration connectRetryMax = Duration.ofMinutes(5);
        private boolean passive;
        private int ttl;
        private InetAddress sourceAddress;
        private String password;
        private int ttlSecurityHops;
        private boolean gracefulRestart = true;
        private int restartTime = 120;
        private Set<Family> families;
        private Set<Family> addPathReceive = Set.of();
        private Set<Family> addPathSend = Set.of();
        private boolean extendedMessage = true;
        private Duration delayOpen = Duration.ZERO;
        private boolean routeReflectorClient;

        private Builder(InetAddress remoteAddress, long remoteAs) {
            this.remoteAddress = remoteAddress;
            this.remoteAs = remoteAs;
            this.families = Set.of(remoteAddress instanceof Inet4Address ? Family.IPV4_UNICAST : Family.IPV6_UNICAST);
        }

        private Builder(PeerConfig c) {
            remoteAddress = c.remoteAddress;
            remotePort = c.remotePort;
            remoteAs = c.remoteAs;
            localAs = c.localAs;
            holdTime = c.holdTime;
            keepaliveTime = c.keepaliveTime;
            connectRetry = c.connectRetry;
            connectRetryMax = c.connectRetryMax;
            passive = c.passive;
            ttl = c.ttl;
            sourceAddress = c.sourceAddress;
            password = c.password;
            ttlSecurityHops = c.ttlSecurityHops;
            gracefulRestart = c.gracefulRestart;
            restartTime = c.restartTime;
            families = c.families;
            addPathReceive = c.addPathReceive;
            addPathSend = c.addPathSend;
            extendedMessage = c.extendedMessage;
            delayOpen = c.delayOpen;
            routeReflectorClient = c.routeReflectorClient;
        }

        public Builder remoteAddress(InetAddress v) {
            remoteAddress = v;
            return this;
        }

        public Builder remotePort(int v) {
            remotePort = v;
            return this;
        }

        public Builder remoteAs(long v) {
            remoteAs = v;
            return this;
        }

        public Builder localAs(long v) {
            localAs = v;
            return this;
        }

        public Builder holdTime(int v) {
            holdTime = v;
            return this;
        }

        public Builder keepaliveTime(int v) {
            keepaliveTime = v;
            return this;
        }

        public Builder connectRetry(Duration v) {
            connectRetry = v;
            return this;
        }

        public Builder connectRetryMax(Duration v) {
            connectRetryMax = v;
            return this;
        }

        public Builder passive(boolean v) {
            passive = v;
            return this;
        }

        public Builder ttl(int v) {
            ttl = v;
            return this;
        }

        public Builder sourceAddress(InetAddress v) {
            sourceAddress = v;
            return this;
        }

        public Builder password(String v) {
            password = v;
            return this;
        }

        public Builder ttlSecurityHops(int v) {
            ttlSecurityHops = v;
            return this;
        }

        public Builder gracefulRestart(boolean v) {
            gracefulRestart = v;
            return this;
        }

        public Builder restartTime(int v) {
            restartTime = v;
            return this;
        }

        public Builder families(Set<Family> v) {
            families = v;
            return this;
        }

        public Builder addPathReceive(Set<Family> v) {
            addPathReceive = v;
            return this;
        }

        public Builder addPathSend(Set<Family> v) {
            addPathSend = v;
            return this;
        }

        public Builder extendedMessage(boolean v) {
            extendedMessage = v;
            return this;
        }

        public Builder delayOpen(Duration v) {
            delayOpen = v;
            return this;
        }

        public Builder routeReflectorClient(boolean v) {
            routeReflectorClient = v;
            return this;
        }

        public PeerConfig build() {
            return new PeerConfig(
                    remoteAddress,
                    remotePort,
                    remoteAs,
                    localAs,
                    holdTime,
                    keepaliveTime,
                    connectRetry,
                    connectRetryMax,
                    passive,
                    ttl,
                    sourceAddress,
                    password,
                    ttlSecurityHops,
                    gracefulRestart,
                    restartTime,
                    families,
                    addPathReceive,
                    addPathSend,
                    extendedMessage,
                    delayOpen,
                    routeReflectorClient);
        }
    }
}
