package io.podroute.agent.ipam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One etcd watch on a key range: a daemon thread holding a streaming {@code POST /v3/watch} whose
 * response is a stream of JSON objects ({@code {"result":{"created":true}}}, then one per batch of
 * events), calling {@code onChange} for every batch of events.
 *
 * <p>On any error or end of the stream it logs one WARN line, waits (1 s, doubling to 30 s; back to
 * 1 s once a stream is established), opens a new stream, and calls {@code onChange} once when that
 * stream is established, since changes may have been missed meanwhile. {@link EtcdDatastore#watch}
 * waits up to the store's timeout for the first stream, so changes made after it returns are seen.
 *
 * <p>Invariants and threads: {@code onChange} only runs on this watch's thread, never after {@link
 * #close()} returns unless it was already running. {@code close()} (any thread) sets {@code closed},
 * closes the open stream and interrupts the thread, which unblocks a pending read or backoff sleep;
 * it then waits briefly for the thread to end.
 */
final class EtcdWatch implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(EtcdWatch.class);
    private static final long FIRST_BACKOFF_MS = 1_000;
    private static final long MAX_BACKOFF_MS = 30_000;
    private static final long JOIN_MS = 2_000;

    private final EtcdGateway gateway;
    private final String op;
    private final ObjectNode createRequest;
    private final Runnable onChange;
    private final Consumer<EtcdWatch> onClose;
    private final Thread thread;
    private final CountDownLatch firstAttempt = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile InputStream current;
    private volatile String where;

    EtcdWatch(
            EtcdGateway gateway, String op, ObjectNode createRequest, Runnable onChange, Consumer<EtcdWatch> onClose) {
        this.gateway = gateway;
        this.op = op;
        this.createRequest = createRequest;
        this.onChange = onChange;
        this.onClose = onClose;
        this.where = "etcd " + gateway.endpoints().get(0) + ": " + op;
        this.thread = new Thread(this::run, "etcd-" + op.replace(' ', '-'));
        thread.setDaemon(true);
    }

    /** Starts the thread and waits (up to the store's timeout) for the first stream or its failure. */
    void start() {
        thread.start();
        try {
            if (!firstAttempt.await(gateway.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS)) {
                LOG.debug("etcd {}: first watch stream not up yet; it keeps trying", op);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
        closeStream();
        thread.interrupt();
        if (thread.isAlive() && thread != Thread.currentThread()) {
            try {
                thread.join(JOIN_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long backoff = FIRST_BACKOFF_MS;
        boolean first = true;
        while (!closed) {
            String reason;
            try {
                boolean established = stream(!first);
                reason = where + ": stream ended";
                if (established) {
                    backoff = FIRST_BACKOFF_MS;
                }
            } catch (DatastoreException | RuntimeException e) {
                reason = e.getMessage();
            } finally {
                first = false;
                firstAttempt.countDown();
                closeStream();
            }
            if (closed) {
                break;
            }
            LOG.warn("{}; re-establishing the watch in {} ms", reason, backoff);
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    /**
     * Opens one stream and follows it to its end.
     *
     * @param again whether to call onChange once established (a stream was up or tried before)
     * @return whether the stream was established (its "created" answer came)
     */
    private boolean stream(boolean again) throws DatastoreException {
        InputStream in = gateway.withFailover(op, endpoint -> {
            InputStream opened = gateway.stream(endpoint, "/v3/watch", createRequest);
            where = "etcd " + endpoint + ": " + op;
            return opened;
        });
        current = in;
        if (closed) {
            return false;
        }
        boolean established = false;
        try (MappingIterator<JsonNode> messages =
                EtcdGateway.JSON.readerFor(JsonNode.class).readValues(in)) {
            while (!closed && messages.hasNextValue()) {
                JsonNode message = messages.nextValue();
                check(message);
                JsonNode result = message.path("result");
                if (result.path("created").asBoolean(false) && !established) {
                    established = true;
                    firstAttempt.countDown();
                    if (again) {
                        changed();
                    }
                } else if (result.path("events").size() > 0) {
                    changed();
                }
            }
            return established;
        } catch (IOException e) {
            if (closed) {
                return established;
            }
            throw new DatastoreException(where + ": " + EtcdGateway.describe(e), true, e);
        }
    }

    private void check(JsonNode message) throws DatastoreException {
        if (message.has("error")) {
            String text = message.path("error")
                    .path("message")
                    .asText(message.path("error").asText());
            throw new DatastoreException(where + ": " + text, false);
        }
        JsonNode result = message.path("result");
        if (result.path("canceled").asBoolean(false)) {
            String why = result.path("cancel_reason").asText("no reason given");
            throw new DatastoreException(where + ": watch canceled by etcd: " + why, false);
        }
    }

    private void changed() {
        if (closed) {
            return;
        }
        try {
            onChange.run();
        } catch (RuntimeException e) {
            LOG.warn("{}: onChange failed; the watch goes on", where, e);
        }
    }

    private void closeStream() {
        InputStream in = current;
        current = null;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                LOG.debug("etcd {}: closing the watch stream: {}", op, e.toString());
            }
        }
    }
}
