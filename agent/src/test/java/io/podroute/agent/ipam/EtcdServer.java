package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real etcd (Debian {@code etcd-server}, {@code /usr/bin/etcd}) started by a test: one member
 * listening on 127.0.0.1 on two free ports, its data in a fresh temporary directory. {@link #stop()}
 * and {@link #start()} restart it on the same ports and data; {@link #close()} stops it and deletes
 * the directory.
 *
 * <p>Without the binary, {@link #requireEtcd(String)} skips the test with the reason printed, or
 * fails it when the environment variable {@code CI} is set (CI must not pass by skipping).
 */
public final class EtcdServer implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/etcd");
    private static final Duration START_LIMIT = Duration.ofSeconds(30);

    private final Path dir;
    private final String netns;
    private final String host;
    private final int clientPort;
    private final int peerPort;
    private Process process;

    private EtcdServer(Path dir, String netns, String host, int clientPort, int peerPort) {
        this.dir = dir;
        this.netns = netns;
        this.host = host;
        this.clientPort = clientPort;
        this.peerPort = peerPort;
    }

    /**
     * Starts a fresh single-member etcd inside network namespace {@code netns} on {@code host} (an
     * address of that namespace), for tests whose clients run in namespaces. Readiness is read from
     * etcd's log, since this process cannot reach the namespace's addresses.
     */
    public static EtcdServer startIn(String netns, String host) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("podroute-etcd-");
        EtcdServer server = new EtcdServer(dir, netns, host, 2379, 2380);
        try {
            server.start();
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** Skips (or under CI fails) {@code test} unless /usr/bin/etcd is there. */
    public static void requireEtcd(String test) {
        if (Files.isExecutable(BINARY)) {
            return;
        }
        String why = test + " needs " + BINARY + " (Debian package etcd-server; ops/test.sh installs it)";
        if (System.getenv("CI") != null) {
            fail("CI must not skip integration tests: " + why);
        }
        System.err.println("SKIPPED: " + why);
        Assumptions.abort(why);
    }

    /** Starts a fresh single-member etcd and waits until it answers {@code GET /version}. */
    static EtcdServer startNew() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("podroute-etcd-");
        EtcdServer server = new EtcdServer(dir, null, "127.0.0.1", freePort(), freePort());
        try {
            server.start();
        } catch (IOException | RuntimeException | InterruptedException | Error e) {
            server.close();
            throw e;
        }
        return server;
    }

    public URI clientUrl() {
        return URI.create("http://" + host + ":" + clientPort);
    }

    List<URI> endpoints() {
        return List.of(clientUrl());
    }

    /** Starts etcd (again) on the same ports and data directory; waits until it answers. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            return;
        }
        String client = clientUrl().toString();
        String peer = "http://" + host + ":" + peerPort;
        List<String> command = new java.util.ArrayList<>();
        if (netns != null) {
            command.addAll(List.of("ip", "netns", "exec", netns));
        }
        command.addAll(List.of(
                BINARY.toString(),
                "--name",
                "t",
                "--data-dir",
                dir.resolve("data").toString(),
                "--listen-client-urls",
                client,
                "--advertise-client-urls",
                client,
                "--listen-peer-urls",
                peer,
                "--initial-advertise-peer-urls",
                peer,
                "--initial-cluster",
                "t=" + peer));
        long logged = Files.exists(log()) ? Files.size(log()) : 0;
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                        ProcessBuilder.Redirect.appendTo(dir.resolve("etcd.log").toFile()))
                .start();
        if (netns == null) {
            awaitVersion();
        } else {
            awaitReadyLog(logged);
        }
    }

    private Path log() {
        return dir.resolve("etcd.log");
    }

    /** Waits for etcd's "ready to serve client requests" after {@code offset} of its log. */
    private void awaitReadyLog(long offset) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + ": " + logTail());
            }
            String text = Files.readString(log(), StandardCharsets.UTF_8);
            if (text.length() > offset && text.substring((int) offset).contains("ready to serve client requests")) {
                return;
            }
            Thread.sleep(50);
        }
        stop();
        throw new IOException("etcd did not become ready within " + START_LIMIT + ": " + logTail());
    }

    /** Stops etcd: SIGTERM, then SIGKILL after 10 s; data and ports stay for {@link #start()}. */
    public synchronized void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        process = null;
    }

    @Override
    public void close() {
        try {
            stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("deleting " + dir, e);
        }
    }

    private void awaitVersion() throws IOException, InterruptedException {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(clientUrl().resolve("/version"))
                .timeout(Duration.ofSeconds(2))
                .build();
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + ": " + logTail());
            }
            try {
                HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                if (r.statusCode() == 200 && r.body().contains("etcdserver") && ready()) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        stop();
        throw new IOException("etcd did not answer within " + START_LIMIT + ": " + logTail());
    }

    /** A range request succeeds only once the member has a leader (GET /version answers before that). */
    private boolean ready() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(clientUrl().resolve("/v3/kv/range"))
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{\"key\":\"AA==\"}", StandardCharsets.UTF_8))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private String logTail() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("etcd.log"), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    }

    /** A TCP port nothing listens on right now (bound and released). */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
