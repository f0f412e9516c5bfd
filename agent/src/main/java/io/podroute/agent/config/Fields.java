package io.podroute.agent.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Checks shared by the agent's validators: each takes the raw value and the field's path, returns the
 * typed value (or the default when the field is absent) and adds a {@code path: reason} to
 * {@link Problems} when the value is invalid.
 */
final class Fields {
    /** An RFC 1123 subdomain, as Kubernetes requires of node names. */
    private static final Pattern NODE_NAME =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    static final String NODE_NAME_RULE = "lowercase letters, digits, '-' and '.', starting and ending with a"
            + " letter or digit, at most 253 characters";

    private final Problems problems;
    private final Path baseDir;

    Fields(Problems problems, Path baseDir) {
        this.problems = problems;
        this.baseDir = baseDir;
    }

    Problems problems() {
        return problems;
    }

    int range(Integer value, int dflt, int min, int max, String at) {
        if (value == null) {
            return dflt;
        }
        if (value < min || value > max) {
            problems.add(at, value + " is outside " + min + ".." + max);
            return dflt;
        }
        return value;
    }

    boolean bool(Boolean value, boolean dflt) {
        return value == null ? dflt : value;
    }

    /** A duration in {@code min..max}; null when absent and {@code dflt} is null. */
    Duration duration(String text, Duration dflt, Duration min, Duration max, String at) {
        if (text == null) {
            return dflt;
        }
        try {
            Duration d = DurationText.parse(text);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                problems.add(
                        at, "'" + text + "' is outside " + DurationText.format(min) + ".." + DurationText.format(max));
                return dflt;
            }
            return d;
        } catch (IllegalArgumentException e) {
            problems.add(at, e.getMessage());
            return dflt;
        }
    }

    /** A path, relative ones resolved against the config file's folder; {@code dflt} when absent. */
    Path path(String text, String dflt, String at) {
        String t = text == null ? dflt : text;
        if (t == null) {
            return null;
        }
        if (t.isBlank()) {
            problems.add(at, "must not be empty");
            return null;
        }
        try {
            return baseDir.resolve(t).normalize();
        } catch (InvalidPathException e) {
            problems.add(at, "'" + t + "' is not a path: " + e.getReason());
            return null;
        }
    }

    /** An IPv4 address literal. */
    Inet4Address ipv4(String text, String at) {
        try {
            InetAddress a = AddressText.ip(text);
            if (a instanceof Inet4Address v4) {
                return v4;
            }
            problems.add(at, "'" + text + "' is IPv6; only IPv4 is supported for now");
        } catch (IllegalArgumentException e) {
            problems.add(at, e.getMessage());
        }
        return null;
    }

    /** Why {@code name} cannot be a Linux interface name (the kernel's dev_valid_name), or null. */
    static String ifnameProblem(String name) {
        if (name.isEmpty()) {
            return "must not be empty";
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > 15) {
            return "'" + name + "' is longer than 15 bytes (the Linux interface name limit)";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a valid interface name";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return "'" + name + "' is not a valid interface name (no '/', ':' or whitespace)";
            }
        }
        return null;
    }

    /** An interface name, or null (with the reason in {@link Problems}) when invalid. */
    String ifname(String name, String at) {
        String why = ifnameProblem(name);
        if (why != null) {
            problems.add(at, why);
            return null;
        }
        return name;
    }

    static boolean isNodeName(String name) {
        return name.length() <= 253 && NODE_NAME.matcher(name).matches();
    }
}
