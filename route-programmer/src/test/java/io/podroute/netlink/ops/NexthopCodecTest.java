package io.podroute.netlink.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podroute.netlink.wire.Golden;
import io.podroute.netlink.wire.NetlinkWriter;
import io.podroute.netlink.wire.Nl;
import io.podroute.routes.Addresses;
import io.podroute.routes.NexthopObject;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NexthopCodecTest {
    private static final Map<String, Golden.Request> GOLDEN = Golden.requests();

    static Stream<Arguments> objects() {
        return Stream.of(
                Arguments.of("nexthop_add", NexthopObject.via(7, 77, Addresses.inet("10.0.0.2"), 3, false)),
                Arguments.of("nexthop_add_2", NexthopObject.via(8, 77, Addresses.inet("10.0.0.3"), 3, false)),
                Arguments.of(
                        "nexthop_group",
                        NexthopObject.group(
                                9, 77, List.of(new NexthopObject.Member(7, 1), new NexthopObject.Member(8, 3)))),
                Arguments.of("nexthop_blackhole", NexthopObject.blackhole(10, 77)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("objects")
    void encodesAsIproute2DoesAndParsesBack(String golden, NexthopObject nh) {
        NetlinkWriter w = NetlinkWriter.allocate(256);
        NexthopCodec.writeNew(w, nh, Nl.F_CREATE | Nl.F_EXCL, 0);
        Golden.Request g = GOLDEN.get(golden);
        assertEquals(HexFormat.of().formatHex(g.bytes()), HexFormat.of().formatHex(Golden.written(w)), g.command());
        assertEquals(nh, NexthopCodec.parse(w.buffer(), 0));
    }

    @Test
    void encodesDeleteAsIproute2Does() {
        NetlinkWriter w = NetlinkWriter.allocate(64);
        NexthopCodec.writeDelete(w, 10, 0);
        assertEquals(
                HexFormat.of().formatHex(GOLDEN.get("nexthop_delete").bytes()),
                HexFormat.of().formatHex(Golden.written(w)));
    }
}
