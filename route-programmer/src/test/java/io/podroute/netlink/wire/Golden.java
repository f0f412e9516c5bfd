package io.podroute.netlink.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Golden netlink bytes captured from iproute2 and the kernel by tools/capture-golden.py. */
public final class Golden {
    private static final Pattern FIELD = Pattern.compile(" \\| ");
    private static final Pattern LINE = Pattern.compile("\n");

    private Golden() {}

    /** A request iproute2 sent: name, the `ip` command, and its bytes with nlmsg_seq zeroed. */
    public record Request(String name, String command, byte[] bytes) {
        @Override
        public String toString() {
            return name;
        }
    }

    public static Map<String, Request> requests() {
        Map<String, Request> out = new LinkedHashMap<>();
        for (String line : lines("requests.txt")) {
            String[] f = FIELD.split(line, -1);
            out.put(f[0], new Request(f[0], f[1], HexFormat.of().parseHex(f[2])));
        }
        return out;
    }

    /** Each non-comment line of a .hex file as a buffer in host order. */
    public static List<ByteBuffer> datagrams(String file) {
        List<ByteBuffer> out = new ArrayList<>();
        for (String line : lines(file)) {
            out.add(ByteBuffer.wrap(HexFormat.of().parseHex(line)).order(ByteOrder.nativeOrder()));
        }
        return out;
    }

    /** The written bytes [0, position) of a writer. */
    public static byte[] written(NetlinkWriter w) {
        ByteBuffer b = w.buffer().duplicate().flip();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    private static List<String> lines(String file) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + file);
            }
            List<String> out = new ArrayList<>();
            for (String l : LINE.split(new String(in.readAllBytes(), StandardCharsets.UTF_8), -1)) {
                if (!l.isBlank() && !l.startsWith("#")) {
                    out.add(l.trim());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
