package io.podroute.agent.ipam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podroute.agent.config.AgentSetup;
import io.podroute.routes.Prefix;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BlockSpaceTest {
    private static final AgentSetup.Pool POOL = new AgentSetup.Pool(Prefix.parse("10.244.0.0/16"), 26, true);

    private static Optional<Prefix> firstFree(AgentSetup.Pool pool, String... held) {
        return BlockSpace.firstFree(
                pool,
                BlockSpace.merged(List.of(held).stream().map(Prefix::parse).toList()));
    }

    @Test
    void firstFreeSkipsEveryOverlappingBlockWhateverItsSize() {
        assertEquals(Optional.of(Prefix.parse("10.244.0.0/26")), firstFree(POOL));
        assertEquals(Optional.of(Prefix.parse("10.244.0.64/26")), firstFree(POOL, "10.244.0.0/26", "10.9.0.0/16"));
        assertEquals(Optional.of(Prefix.parse("10.244.0.64/26")), firstFree(POOL, "10.244.0.0/26", "10.244.0.128/26"));
        assertEquals(Optional.of(Prefix.parse("10.244.1.0/26")), firstFree(POOL, "10.244.0.0/24"));
        assertEquals(Optional.of(Prefix.parse("10.244.0.64/26")), firstFree(POOL, "10.244.0.5/32"));
        assertEquals(Optional.of(Prefix.parse("10.244.0.0/26")), firstFree(POOL, "10.243.255.0/24"));
        assertEquals(Optional.empty(), firstFree(POOL, "10.0.0.0/8"));
        assertEquals(Optional.empty(), firstFree(POOL, "10.244.0.0/17", "10.244.128.0/17"));
        assertEquals(
                Optional.of(Prefix.parse("10.244.255.192/26")),
                firstFree(
                        POOL,
                        "10.244.0.0/17",
                        "10.244.128.0/18",
                        "10.244.192.0/19",
                        "10.244.224.0/20",
                        "10.244.240.0/21",
                        "10.244.248.0/22",
                        "10.244.252.0/23",
                        "10.244.254.0/24",
                        "10.244.255.0/25",
                        "10.244.255.128/26"));
    }

    @Test
    void wholeAddressSpaceAndHostBlocks() {
        AgentSetup.Pool all = new AgentSetup.Pool(Prefix.parse("0.0.0.0/0"), 32, true);
        assertEquals(1L << 32, BlockSpace.blockCount(all));
        assertEquals(
                Optional.of(Prefix.parse("255.255.255.255/32")),
                firstFree(
                        all,
                        "0.0.0.0/1",
                        "128.0.0.0/2",
                        "192.0.0.0/3",
                        "224.0.0.0/4",
                        "240.0.0.0/5",
                        "248.0.0.0/6",
                        "252.0.0.0/7",
                        "254.0.0.0/8",
                        "255.0.0.0/9",
                        "255.128.0.0/10",
                        "255.192.0.0/11",
                        "255.224.0.0/12",
                        "255.240.0.0/13",
                        "255.248.0.0/14",
                        "255.252.0.0/15",
                        "255.254.0.0/16",
                        "255.255.0.0/17",
                        "255.255.128.0/18",
                        "255.255.192.0/19",
                        "255.255.224.0/20",
                        "255.255.240.0/21",
                        "255.255.248.0/22",
                        "255.255.252.0/23",
                        "255.255.254.0/24",
                        "255.255.255.0/25",
                        "255.255.255.128/26",
                        "255.255.255.192/27",
                        "255.255.255.224/28",
                        "255.255.255.240/29",
                        "255.255.255.248/30",
                        "255.255.255.252/31",
                        "255.255.255.254/32"));
    }

    @Test
    void poolsAreChecked() {
        assertThrows(
                IllegalArgumentException.class,
                () -> BlockSpace.checkPool(new AgentSetup.Pool(Prefix.parse("10.244.0.0/16"), 15, true)));
        assertThrows(
                IllegalArgumentException.class,
                () -> BlockSpace.checkPool(new AgentSetup.Pool(Prefix.parse("fd00::/64"), 80, true)));
    }

    @Test
    void blockKeysRoundTripAndRejectNonCanonicalForms() {
        Prefix block = Prefix.parse("10.244.0.64/26");
        assertEquals("blocks/10.244.0.64-26", IpamKeys.blockKey(block));
        assertEquals(Optional.of(block), IpamKeys.parseBlockKey("blocks/10.244.0.64-26"));
        for (String bad : List.of(
                "blocks/10.244.0.65-26",
                "blocks/10.244.0.064-26",
                "blocks/10.244.0.64",
                "blocks/10.244.0.64-33",
                "blocks/fd00::-64",
                "blocks/x-1",
                "nodes/10.244.0.64-26")) {
            assertEquals(Optional.empty(), IpamKeys.parseBlockKey(bad), bad);
        }
    }
}
