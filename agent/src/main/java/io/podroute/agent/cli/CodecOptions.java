package io.podroute.agent.cli;

import io.podroute.bgp.codec.CodecContext;
import io.podroute.bgp.codec.nlri.Family;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/**
 * The session properties that change the bytes of a message (a {@link CodecContext}): by default
 * 4-octet AS numbers, no add-path, 4096-byte messages, as on any modern session.
 */
final class CodecOptions {
    @Option(
            names = "--two-octet-as",
            description = "AS numbers in AS_PATH and AGGREGATOR are 2 octets (a session without RFC 6793).")
    boolean twoOctetAs;

    @Option(
            names = "--add-path",
            split = ",",
            paramLabel = "FAMILY",
            converter = AddPathFamily.class,
            description = "Families whose NLRI carry add-path ids (RFC 7911): ipv4-unicast, ipv6-unicast.")
    List<Family> addPath = new ArrayList<>();

    @Option(names = "--extended-message", description = "Allow messages up to 65535 bytes (RFC 8654).")
    boolean extendedMessage;

    CodecContext context() {
        return new CodecContext(
                !twoOctetAs,
                extendedMessage,
                addPath.contains(Family.IPV4_UNICAST),
                addPath.contains(Family.IPV6_UNICAST));
    }

    /** Parses one add-path family; only the unicast families carry path ids in podroute. */
    static final class AddPathFamily implements ITypeConverter<Family> {
        @Override
        public Family convert(String value) {
            Family f = Family.parse(value);
            if (!f.isSupported()) {
                throw new IllegalArgumentException("add-path applies to ipv4-unicast and ipv6-unicast only, not " + f);
            }
            return f;
        }
    }
}
