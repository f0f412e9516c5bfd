package io.podroute.agent.ipam;

import io.podroute.agent.config.AgentSetup;
import io.podroute.routes.Addresses;
import io.podroute.routes.Prefix;
import java.net.Inet4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One process of {@link FileIpamTest#claimsFromSeveralProcessesAreDistinct}: claims blocks for {@code
 * count} nodes named {@code <tag>-<i>} from as many threads, each with its own store, and writes {@code
 * name block} lines to the result file.
 *
 * <p>Arguments: store file, pool (/26 blocks), tag, count, result file.
 */
public final class IpamClaimMain {
    private IpamClaimMain() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        AgentSetup.Pool pool = new AgentSetup.Pool(Prefix.parse(args[1]), 26, true);
        String tag = args[2];
        int count = Integer.parseInt(args[3]);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        StringBuilder out = new StringBuilder();
        try {
            List<Future<NodeRecord>> claims = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String name = tag + "-" + i;
                Inet4Address ip = (Inet4Address) Addresses.inet("10.1." + (tag.hashCode() & 0x7F) + "." + (i + 1));
                claims.add(threads.submit(() -> {
                    try (Datastore store = FileDatastore.open(file)) {
                        return new Ipam(store, List.of(pool), Clock.systemUTC()).claim(name, ip, 64512);
                    }
                }));
            }
            for (Future<NodeRecord> f : claims) {
                NodeRecord n = f.get();
                out.append(n.name()).append(' ').append(n.block()).append('\n');
            }
        } finally {
            threads.shutdownNow(); // a failed claim ends the process with status 1, not a hang
        }
        Files.writeString(Path.of(args[4]), out, StandardCharsets.UTF_8);
    }
}
