package io.podroute.netlink.ffi;

import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A throwaway network namespace for one test, made and removed with {@code ip netns} (test code
 * only; the product speaks netlink). JUnit closes it with the test's extension store (stored
 * AutoCloseable values are closed, JUnit 5.13+). Resources registered with {@link #closeLater} are closed before
 * the namespace is deleted, in reverse order.
 */
public final class TestNetns implements AutoCloseable {
    private final String name;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    private TestNetns(String name) {
        this.name = name;
    }

    public static TestNetns create() {
        String name =
                "podroute-t" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffL);
        run("ip", "netns", "add", name);
        TestNetns ns = new TestNetns(name);
        ns.ip("link", "set", "lo", "up");
        return ns;
    }

    public String name() {
        return name;
    }

    /** Runs {@code ip -n <ns> args...}; returns stdout; throws with stderr on a non-zero exit. */
    public String ip(String... args) {
        List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    /** Creates a veth pair {@code a}/{@code b} inside the namespace, both up; returns a's ifindex. */
    public int veth(String a, String b) {
        ip("link", "add", a, "type", "veth", "peer", "name", b);
        ip("link", "set", a, "up");
        ip("link", "set", b, "up");
        return ifIndex(a);
    }

    public int ifIndex(String dev) {
        String out = ip("-o", "link", "show", "dev", dev);
        return Integer.parseInt(out.substring(0, out.indexOf(':')).trim());
    }

    /** Opens a netlink handle in this namespace, closed with it. */
    public NetlinkHandle handle() throws NetlinkException {
        return closeLater(NetlinkHandle.open(name));
    }

    public <T extends AutoCloseable> T closeLater(T resource) {
        resources.push(resource);
        return resource;
    }

    static String run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
            byte[] out = p.getInputStream().readAllBytes();
            byte[] err = p.getErrorStream().readAllBytes();
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " exited " + rc + ": "
                        + new String(err, StandardCharsets.UTF_8).trim());
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + String.join(" ", cmd), e);
        }
    }

    @Override
    public void close() {
        RuntimeException first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                if (first == null) {
                    first = new IllegalStateException("closing a resource of netns " + name, e);
                }
            }
        }
        run("ip", "netns", "del", name);
        if (first != null) {
            throw first;
        }
    }
}
