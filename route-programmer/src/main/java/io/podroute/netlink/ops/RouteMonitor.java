package io.podroute.netlink.ops;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetNs;
import io.podroute.netlink.ffi.NetlinkSocket;
import io.podroute.netlink.wire.MalformedMessageException;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.Nl;
import io.podroute.netlink.wire.Rtnl;
import io.podroute.routes.Link;
import io.podroute.routes.NexthopObject;
import io.podroute.routes.Route;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports route, nexthop and link changes from the kernel's rtnetlink multicast groups, on one
 * daemon thread per monitor.
 *
 * <p>If the socket overflows (ENOBUFS: the kernel dropped events because we read too slowly), the
 * listener's {@link Listener#onOverflow()} is called: events were lost and the owner must resync.
 * The thread checks for {@link #close()} every {@value #POLL_MILLIS} ms (receive timeout), so close
 * returns promptly. Listener callbacks run on the monitor thread and must not block.
 *
 * <p>Own writes. An agent that programs routes would see each of its writes come back as an event;
 * at a million routes parsing that echo costs as much as the writes. The kernel stamps every route
 * and nexthop notification with the port id and sequence number of the request that caused it
 * (IPv4: {@code rtmsg_fib} with {@code fc_nlinfo.portid}; IPv6: {@code inet6_rt_notify} with {@code
 * info->portid}; nexthop objects: {@code nexthop_notify} likewise), and with 0 when the kernel acts
 * on its own, even on our behalf (the routes it makes for an address we add). So {@link
 * #ignoreSender(int)} with a handle's {@link NetlinkHandle#portId()} drops exactly the echo of that
 * handle's requests — in the kernel, by a BPF socket filter, before it is queued for us, and, if the
 * kernel refuses the filter, from the header before anything is parsed — and nothing else: writes by
 * other sockets ({@code ip route}, other handles) and the kernel's own changes still come.
 * MonitorSenderFilterIT checks this against the raw headers for IPv4 and IPv6 routes (single and
 * batched add, replace, delete) and nexthop objects. The handle must be in the monitor's namespace
 * (port ids are unique per namespace), and a port id is the handle's only while it is open: stop
 * ignoring it when the handle closes. Link events are never filtered.
 *
 * <p>The ignored set is a copy-on-write array (written under the monitor's lock, read by the reader
 * thread without locking); a change applies from the next message read.
 */
public final class RouteMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RouteMonitor.class);
    private static final int POLL_MILLIS = 200;
    /** Room for about 20 000 queued route events before the kernel drops them (ENOBUFS). */
    private static final int DEFAULT_RECEIVE_BUFFER = 16 << 20;

    private static final int GROUPS = Rtnl.RTMGRP_IPV4_ROUTE | Rtnl.RTMGRP_IPV6_ROUTE | Rtnl.RTMGRP_LINK;

    /** Receives kernel changes. Deleted objects carry the fields of the deleted entry. */
    public interface Listener {
        void onRoute(Route route, boolean deleted);

        default void onNexthop(NexthopObject nexthop, boolean deleted) {}

        default void onLink(Link link, boolean deleted) {}

        /** Events were lost; resync from a dump. */
        void onOverflow();
    }

    private final NetlinkSocket socket;
    private final Listener listener;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int[] ignoredSenders = new int[0];
    private final AtomicLong ignoredEvents = new AtomicLong();
    private volatile boolean kernelFiltered;
    private volatile boolean kernelFilterAllowed = true;

    private RouteMonitor(NetlinkSocket socket, Listener listener, String name) {
        this.socket = socket;
        this.listener = listener;
        this.thread = new Thread(this::loop, "netlink-monitor-" + name);
        this.thread.setDaemon(true);
    }

    /**
     * Subscribes in the named namespace (null for the current one) and starts the reader thread.
     * Subscribe before the first dump, so that no change falls between the dump and the monitor.
     */
    public static RouteMonitor start(String namespace, Listener listener) throws NetlinkException {
        return start(namespace, listener, DEFAULT_RECEIVE_BUFFER);
    }

    /** As {@link #start(String, Listener)} with a given socket receive buffer (tests force overflows). */
    public static RouteMonitor start(String namespace, Listener listener, int receiveBufferBytes)
            throws NetlinkException {
        NetlinkSocket s = NetNs.openSocket(namespace, Nl.NETLINK_ROUTE, GROUPS);
        try {
            s.setBuffers(1 << 20, receiveBufferBytes);
            s.setReceiveTimeoutMillis(POLL_MILLIS);
            try {
                s.joinGroup(Rtnl.RTNLGRP_NEXTHOP);
            } catch (NetlinkException e) {
                LOG.info("nexthop-object events unavailable ({}); route and link events only", e.errno());
            }
        } catch (NetlinkException | RuntimeException e) {
            s.close();
            throw e;
        }
        RouteMonitor m = new RouteMonitor(s, listener, namespace == null ? "host" : namespace);
        m.thread.start();
        return m;
    }

    /**
     * Drops, from now on, route and nexthop events caused by requests of the socket with this port
     * id ({@link NetlinkHandle#portId()}). Several ids may be ignored; 0 (the kernel itself, or an
     * unknown sender) is never ignored and the call then does nothing.
     */
    public synchronized void ignoreSender(int portId) {
        if (portId == 0 || isIgnored(ignoredSenders, portId)) {
            return;
        }
        int[] next = Arrays.copyOf(ignoredSenders, ignoredSenders.length + 1);
        next[next.length - 1] = portId;
        ignoredSenders = next;
        applyKernelFilter();
    }

    /** Reports events of this sender again (its handle closed, and the id may be reused). */
    public synchronized void stopIgnoringSender(int portId) {
        ignoredSenders = Arrays.stream(ignoredSenders).filter(p -> p != portId).toArray();
        applyKernelFilter();
    }

    /** The message types an ignored sender's echo can have. */
    private static final int[] FILTERED_TYPES = {
        Rtnl.RTM_NEWROUTE, Rtnl.RTM_DELROUTE, Rtnl.RTM_NEWNEXTHOP, Rtnl.RTM_DELNEXTHOP
    };

    /**
     * Installs the ignored senders as a BPF socket filter too, so the kernel drops their echoes
     * before queuing them: no copy, no wake-up, no receive-buffer space (a million-route withdrawal
     * overflowed the 16 MiB buffer into full resyncs). The check in {@code dispatch} stays, for a
     * kernel that refuses the filter and for events queued before it was attached.
     */
    private void applyKernelFilter() {
        try {
            socket.dropFromSenders(kernelFilterAllowed ? ignoredSenders : new int[0], FILTERED_TYPES);
            kernelFiltered = kernelFilterAllowed && ignoredSenders.length > 0;
        } catch (NetlinkException e) {
            kernelFiltered = false;
            LOG.warn(
                    "cannot attach the netlink sender filter ({}); our own route echoes are dropped after reading",
                    e.errno());
        }
    }

    /** Tests: with {@code false}, ignored senders are filtered after reading only (the fallback). */
    synchronized void allowKernelFilter(boolean allowed) {
        kernelFilterAllowed = allowed;
        applyKernelFilter();
    }

    /** Whether the kernel drops ignored senders' events itself (the BPF filter is attached). */
    public boolean kernelFiltered() {
        return kernelFiltered;
    }

    /**
     * Route and nexthop events of an ignored sender that were read and then dropped (those the
     * kernel's filter dropped are never read, so not counted: with the filter attached this stays 0).
     */
    public long ignoredEvents() {
        return ignoredEvents.get();
    }

    private static boolean isIgnored(int[] senders, int pid) {
        for (int p : senders) {
            if (p == pid) {
                return true;
            }
        }
        return false;
    }

    private void loop() {
        // one notification per datagram: a route's is a few hundred bytes at most
        ByteBuffer rx = ByteBuffer.allocateDirect(64 << 10).order(ByteOrder.nativeOrder());
        while (running) {
            int n;
            try {
                n = socket.receive(rx);
            } catch (NetlinkException e) {
                if (!running) {
                    return;
                }
                if (e.isNoBuffers()) {
                    LOG.warn("netlink monitor overflowed (ENOBUFS); events lost, requesting a full resync");
                    listener.onOverflow();
                    continue;
                }
                if (e.errno().number() == Errno.EMSGSIZE.number()) { // one oversized datagram, consumed
                    LOG.warn("netlink monitor: {}; events lost, requesting a full resync", e.getMessage());
                    listener.onOverflow();
                    continue;
                }
                LOG.error(
                        "netlink monitor receive failed: {}; monitor stops, owner falls back to periodic resync",
                        e.getMessage());
                listener.onOverflow();
                return;
            }
            if (n > 0) {
                dispatch(rx, n);
            }
        }
    }

    private void dispatch(ByteBuffer rx, int n) {
        try {
            for (int at = 0; at < n; ) {
                int len = MessageHeader.checkedAlignedLength(rx, at, n);
                dispatchOne(rx, at, MessageHeader.type(rx, at));
                at += len;
            }
        } catch (MalformedMessageException e) {
            LOG.error("malformed netlink event ({}); requesting a full resync", e.getMessage());
            listener.onOverflow();
        } catch (RuntimeException e) {
            LOG.error("netlink event listener failed; requesting a full resync", e);
            listener.onOverflow();
        }
    }

    private void dispatchOne(ByteBuffer rx, int at, int type) {
        if (isRouteOrNexthop(type)) {
            int[] ignored = ignoredSenders;
            if (ignored.length > 0 && isIgnored(ignored, MessageHeader.pid(rx, at))) {
                ignoredEvents.incrementAndGet();
                return;
            }
        }
        switch (type) {
            case Rtnl.RTM_NEWROUTE, Rtnl.RTM_DELROUTE -> {
                Route r = RouteCodec.parse(rx, at);
                if (r != null) {
                    listener.onRoute(r, type == Rtnl.RTM_DELROUTE);
                }
            }
            case Rtnl.RTM_NEWNEXTHOP, Rtnl.RTM_DELNEXTHOP -> listener.onNexthop(
                    NexthopCodec.parse(rx, at), type == Rtnl.RTM_DELNEXTHOP);
            case Rtnl.RTM_NEWLINK, Rtnl.RTM_DELLINK -> listener.onLink(
                    LinkCodec.parse(rx, at), type == Rtnl.RTM_DELLINK);
            default -> {
                // Other rtnetlink events (addresses, neighbours) are not subscribed; ignore strays.
            }
        }
    }

    private static boolean isRouteOrNexthop(int type) {
        return type == Rtnl.RTM_NEWROUTE
                || type == Rtnl.RTM_DELROUTE
                || type == Rtnl.RTM_NEWNEXTHOP
                || type == Rtnl.RTM_DELNEXTHOP;
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(POLL_MILLIS * 10L);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
