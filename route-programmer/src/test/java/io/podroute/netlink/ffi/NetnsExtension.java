package io.podroute.netlink.ffi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension giving each test a fresh network namespace ({@link TestNetns}).
 *
 * <p>Without root it skips the test and prints why; when the environment variable {@code CI} is
 * set it fails instead, so that CI never passes by silently skipping privileged tests. The
 * namespace is kept in the test's extension store as a closeable resource, so JUnit removes it
 * after the test whatever the outcome (assertion failure, exception, or a failing @AfterEach).
 */
public final class NetnsExtension implements BeforeEachCallback, ParameterResolver {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(NetnsExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        requireRoot(context.getDisplayName());
        netns(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestNetns.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return netns(extensionContext);
    }

    private static TestNetns netns(ExtensionContext context) {
        return context.getStore(STORE).getOrComputeIfAbsent("netns", k -> TestNetns.create(), TestNetns.class);
    }

    static void requireRoot(String test) throws IOException {
        check(isRoot(), System.getenv("CI"), test);
    }

    /** Passes when root; otherwise fails if {@code ciVariable} is set, else aborts (skips) the test. */
    static void check(boolean root, String ciVariable, String test) {
        if (root) {
            return;
        }
        String reason = "network-namespace test '" + test + "' needs root (CAP_SYS_ADMIN, CAP_NET_ADMIN)";
        if (ciVariable != null) {
            throw new AssertionError(reason + ", and CI is set: privileged tests must run in CI, not skip");
        }
        System.err.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    private static boolean isRoot() throws IOException {
        List<String> status = Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8);
        for (String line : status) {
            if (line.startsWith("Uid:")) {
                String[] f = WHITESPACE.split(line.trim(), -1);
                return f.length > 2 && f[2].equals("0");
            }
        }
        return false;
    }
}
