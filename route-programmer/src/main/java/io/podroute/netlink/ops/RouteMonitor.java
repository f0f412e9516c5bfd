package io.podroute.netlink.ops;

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

    private void loop() {
        ByteBuffer rx = ByteBuffer.allocateDirect(1 << 20).order(ByteOrder.nativeOrder());
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
