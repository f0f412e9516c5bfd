package io.podroute.netlink.ops;

import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ffi.NetNs;
import io.podroute.netlink.ffi.NetlinkSocket;
import io.podroute.netlink.wire.Ack;
import io.podroute.netlink.wire.MessageHeader;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One NETLINK_ROUTE request socket in one network namespace, with its sequence numbers and
 * buffers. Requests, dumps and batches are serialised by the handle's monitor: a handle may be
 * shared, but only one exchange is on the wire at a time, so every ACK read belongs to the exchange
 * in progress (stale ones, from an exchange aborted by an exception, are skipped by sequence).
 *
 * <p>Batching: requests are packed into one send buffer (one sendmsg); only the last asks for an
 * ACK. The kernel handles them in order inside that sendmsg and queues an error reply for each
 * failure, then the last ACK, so a send is followed by one pass over the replies. The number per
 * send is bounded so that the error replies of a whole send fit in the receive buffer (a reply that
 * does not fit is dropped by the kernel and reported as ENOBUFS on the next recv).
 */
public final class NetlinkHandle implements AutoCloseable {
    /** Conservative kernel memory charged per queued error reply (skb truesize), to size batches. */
    private static final int ACK_TRUESIZE = 1024;

    private static final int MAX_PER_SEND = 8192;
    /** The kernel answers rtnetlink requests synchronously; silence this long means a lost reply. */
    private static final int REPLY_TIMEOUT_MILLIS = 30_000;

    /**
     * A batch is split into sends of at most this many bytes (about 3 000 route messages) as well as
     * {@link #MAX_PER_SEND} messages. Both buffers are direct, zeroed at allocation and so resident for
     * the handle's life: sized to what one exchange needs, not more.
     */
    static final int SEND_BUFFER = 256 << 10;
    /** One datagram: the kernel fills dump datagrams up to 32 KiB; acks and errors are smaller. */
    static final int RECEIVE_BUFFER = 64 << 10;

    private final NetlinkSocket socket;
    private final String namespace;
    private final NetlinkWriter writer = NetlinkWriter.allocate(SEND_BUFFER);
    private final ByteBuffer rx = ByteBuffer.allocateDirect(RECEIVE_BUFFER).order(ByteOrder.nativeOrder());
    private final int maxPerSend;
    private int seq = 1;

    private NetlinkHandle(NetlinkSocket socket, String namespace, int maxPerSend) {
        this.socket = socket;
        this.namespace = namespace;
        this.maxPerSend = maxPerSend;
    }

    /**
     * Opens a handle in the named network namespace, or in the current one when {@code namespace}
     * is null.
     */
    public static NetlinkHandle open(String namespace) throws NetlinkException {
        NetlinkSocket s = NetNs.openSocket(namespace, Nl.NETLINK_ROUTE, 0);
        try {
            s.enableExtendedAcks();
            s.setReceiveTimeoutMillis(REPLY_TIMEOUT_MILLIS);
            int rcvbuf = s.setBuffers(8 << 20, 32 << 20);
            int perSend = Math.max(16, Math.min(MAX_PER_SEND, rcvbuf / ACK_TRUESIZE));
            return new NetlinkHandle(s, namespace, perSend);
        } catch (NetlinkException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /**
     * The netlink port id of this handle's socket, as the kernel assigned it at bind (read back with
     * getsockname, never 0). The kernel stamps it into nlmsg_pid of the notifications that this
     * handle's requests cause, which is how a {@link RouteMonitor} in the same namespace recognises
     * them ({@link RouteMonitor#ignoreSender(int)}).
     */
    public int portId() {
        return socket.portId();
    }

    /** The namespace name, or null for the namespace the process started in. */
    public String namespace() {
        return namespace;
    }

    /** Writes one message into the buffer it is given, with the sequence number to use. */
    @FunctionalInterface
    public interface Encoder<T> {
        void encode(T item, NetlinkWriter w, int seq);
    }

    /** Parses one dump message; returns null to skip it. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(ByteBuffer buf, int at);
    }

    /** An item of a batch that the kernel rejected, with its index in the input list. */
    public record Failure<T>(int index, T item, NetlinkException error) {}

    /** Sends one request with NLM_F_ACK and waits for its ACK; throws the kernel's errno. */
    public synchronized void execute(String what, Encoder<Void> request) throws NetlinkException {
        writer.clear();
        int s = nextSeq();
        request.encode(null, writer, s);
        socket.send(writer.buffer());
        while (true) {
            int n = receive();
            for (int at = 0; at < n; ) {
                int len = MessageHeader.checkedAlignedLength(rx, at, n);
                if (MessageHeader.seq(rx, at) == s && MessageHeader.type(rx, at) == Nl.NLMSG_ERROR) {
                    Ack ack = Ack.parse(rx, at);
                    if (ack.isError()) {
                        throw new NetlinkException(Errno.valueOf(ack.errno()), what, ack.message());
                    }
                    return;
                }
                at += len;
            }
        }
    }

    /** Sends one request and returns the first parsed reply (a single lookup, e.g. route get). */
    public synchronized <T> T query(String what, Encoder<Void> request, Parser<T> parser) throws NetlinkException {
        List<T> out = new ArrayList<>(1);
        exchange(what, request, parser, false, out::add);
        if (out.isEmpty()) {
            throw new NetlinkException(Errno.ENOENT, what, "no reply");
        }
        return out.get(0);
    }

    /**
     * Runs a dump and parses every reply. An interrupted dump (NLM_F_DUMP_INTR: the table changed
     * while being read) is retried from the start, a few times, then reported as EAGAIN.
     */
    public synchronized <T> List<T> dump(String what, Encoder<Void> request, Parser<T> parser) throws NetlinkException {
        for (int attempt = 0; attempt < 5; attempt++) {
            List<T> out = new ArrayList<>();
            if (exchange(what, request, parser, true, out::add) >= 0) {
                return out;
            }
        }
        throw new NetlinkException(Errno.EAGAIN, what, "dump interrupted repeatedly");
    }

    /**
     * Runs a dump once, handing each parsed reply to {@code sink} as it is read, so that no list of
     * the whole table is held; returns the number of items delivered. The sink runs under the
     * handle's lock, on the calling thread, with the handle's receive buffer in use: it must be quick
     * and must not use this handle.
     *
     * <p>Unlike {@link #dump(String, Encoder, Parser)} this cannot retry an interrupted dump, since
     * the items already delivered cannot be taken back: when the kernel marks it interrupted
     * (NLM_F_DUMP_INTR) the dump is read to its end and then fails with EAGAIN, and the caller
     * discards what it gathered and starts again. If the sink (or the parser) throws, the rest of the
     * dump is read and dropped before the exception is rethrown, so the handle stays usable.
     */
    public synchronized <T> int dump(String what, Encoder<Void> request, Parser<T> parser, Consumer<? super T> sink)
            throws NetlinkException {
        int delivered = exchange(what, request, parser, true, sink);
        if (delivered < 0) {
            throw new NetlinkException(Errno.EAGAIN, what, "dump interrupted (NLM_F_DUMP_INTR); restart it");
        }
        return delivered;
    }

    /**
     * Sends one request and feeds its replies to {@code sink} until NLMSG_DONE (or the first reply
     * when not {@code multi}); returns the number delivered, or -1 when the kernel flagged the dump
     * interrupted.
     */
    private <T> int exchange(
            String what, Encoder<Void> request, Parser<T> parser, boolean multi, Consumer<? super T> sink)
            throws NetlinkException {
        writer.clear();
        int s = nextSeq();
        request.encode(null, writer, s);
        socket.send(writer.buffer());
        int delivered = 0;
        boolean interrupted = false;
        RuntimeException sinkFailure = null;
        while (true) {
            int n = receive();
            for (int at = 0; at < n; ) {
                int len = MessageHeader.checkedAlignedLength(rx, at, n);
                if (MessageHeader.seq(rx, at) == s) {
                    int type = MessageHeader.type(rx, at);
                    interrupted |= (MessageHeader.flags(rx, at) & Nl.F_DUMP_INTR) != 0;
                    if (type == Nl.NLMSG_DONE || type == Nl.NLMSG_ERROR) {
                        checkAck(what, type, at, sinkFailure);
                        return interrupted ? -1 : delivered;
                    }
                    if (sinkFailure == null) {
                        try {
                            T item = parser.parse(rx, at);
                            if (item != null) {
                                sink.accept(item);
                                delivered++;
                            }
                        } catch (RuntimeException e) {
                            // Keep reading to the end: a dump left half-read makes the next one EBUSY.
                            sinkFailure = e;
                        }
                    }
                    if (!multi) {
                        checkAck(what, Nl.NLMSG_DONE, at, sinkFailure);
                        return delivered;
                    }
                }
                at += len;
            }
        }
    }

    /** Ends an exchange: throws the sink's failure, else the kernel's error if the reply is one. */
    private void checkAck(String what, int type, int at, RuntimeException sinkFailure) throws NetlinkException {
        if (sinkFailure != null) {
            throw sinkFailure;
        }
        if (type == Nl.NLMSG_ERROR) {
            Ack ack = Ack.parse(rx, at);
            if (ack.isError()) {
                throw new NetlinkException(Errno.valueOf(ack.errno()), what, ack.message());
            }
        }
    }

    /**
     * Sends every item as its own request, many per sendmsg, and reads all ACKs. A rejected item
     * does not stop the rest: the kernel processes each message of a send independently.
     *
     * @return the rejected items, empty when all succeeded
     */
    public synchronized <T> List<Failure<T>> batch(String what, List<T> items, Encoder<T> encoder)
            throws NetlinkException {
        List<Failure<T>> failures = new ArrayList<>();
        int next = 0;
        while (next < items.size()) {
            writer.clear();
            int base = seq;
            int count = 0;
            while (next + count < items.size() && count < maxPerSend) {
                int mark = writer.mark();
                try {
                    encoder.encode(items.get(next + count), writer, base + count);
                } catch (BufferOverflowException e) {
                    writer.rollback(mark);
                    if (count == 0) {
                        throw new IllegalArgumentException("message larger than " + SEND_BUFFER + " bytes", e);
                    }
                    break;
                }
                count++;
            }
            seq = base + count;
            ackOnlyLast(writer.buffer());
            socket.send(writer.buffer());
            readAcks(what, items, next, base, count, failures);
            next += count;
        }
        return failures;
    }

    /**
     * Clears NLM_F_ACK on every message but the last: the kernel still answers a failed request
     * with an error, and the last ACK is queued after all of them, so it ends the pass. This turns
     * one recv per route into one recv per failure plus one per send.
     */
    private static void ackOnlyLast(ByteBuffer b) {
        int end = b.position();
        for (int at = 0; at < end; ) {
            int len = MessageHeader.checkedAlignedLength(b, at, end);
            int flags = MessageHeader.flags(b, at);
            flags = at + len >= end ? flags | Nl.F_ACK : flags & ~Nl.F_ACK;
            b.putShort(at + 6, (short) flags);
            at += len;
        }
    }

    private <T> void readAcks(String what, List<T> items, int first, int base, int count, List<Failure<T>> failures)
            throws NetlinkException {
        int last = base + count - 1;
        boolean done = false;
        while (!done) {
            int n = receive();
            for (int at = 0; at < n; ) {
                int len = MessageHeader.checkedAlignedLength(rx, at, n);
                int s = MessageHeader.seq(rx, at);
                int off = s - base;
                if (off >= 0 && off < count && MessageHeader.type(rx, at) == Nl.NLMSG_ERROR) {
                    done |= s == last;
                    if (rx.getInt(at + Nl.HDRLEN) != 0) {
                        Ack ack = Ack.parse(rx, at);
                        T item = items.get(first + off);
                        NetlinkException e =
                                new NetlinkException(Errno.valueOf(ack.errno()), what + " " + item, ack.message());
                        failures.add(new Failure<>(first + off, item, e));
                    }
                }
                at += len;
            }
        }
    }

    private int receive() throws NetlinkException {
        int n = socket.receive(rx);
        if (n < 0) {
            throw new NetlinkException(Errno.EAGAIN, "recv timed out");
        }
        return n;
    }

    private int nextSeq() {
        return seq++;
    }

    @Override
    public void close() {
        socket.close();
    }
}
