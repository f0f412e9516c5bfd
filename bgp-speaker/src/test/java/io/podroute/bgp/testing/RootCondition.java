package io.podroute.bgp.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;

/** Evaluates {@link RequiresRoot}: enabled as root with the binaries present; else skip, or fail under CI. */
public final class RootCondition implements ExecutionCondition {
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<RequiresRoot> ann = AnnotationSupport.findAnnotation(context.getElement(), RequiresRoot.class);
        if (ann.isEmpty()) {
            return ConditionEvaluationResult.enabled("no @RequiresRoot");
        }
        List<String> problems = new ArrayList<>();
        if (!isRoot()) {
            problems.add("not running as root (network namespaces need CAP_SYS_ADMIN)");
        }
        for (String bin : ann.get().binaries()) {
            if (!onPath(bin)) {
                problems.add("'" + bin + "' not found (install the Debian packages named in ops/test.sh)");
            }
        }
        if (problems.isEmpty()) {
            return ConditionEvaluationResult.enabled("root, binaries present");
        }
        String reason = context.getDisplayName() + " needs " + String.join("; ", problems);
        if (System.getenv("CI") != null) {
            throw new IllegalStateException("CI must not skip integration tests: " + reason);
        }
        System.err.println("SKIPPED integration test: " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    static boolean isRoot() {
        try {
            for (String line :
                    Files.readAllLines(Path.of("/proc/self/status"), java.nio.charset.StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    static boolean onPath(String bin) {
        if (bin.startsWith("/")) {
            return Files.isExecutable(Path.of(bin));
        }
        String path = System.getenv("PATH");
        for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, bin))) {
                return true;
            }
        }
        return false;
    }
}
