package io.podroute.bgp.policy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommunityTextTest {
    @ParameterizedTest
    @CsvSource({
        "65000:100, 0xFDE80064",
        "0:0, 0x00000000",
        "65535:65535, 0xFFFFFFFF",
        "no-export, 0xFFFFFF01",
        "no-advertise, 0xFFFFFF02",
        "no-export-subconfed, 0xFFFFFF03",
        "No-Export, 0xFFFFFF01",
        "blackhole, 0xFFFF029A",
        "graceful-shutdown, 0xFFFF0000",
    })
    void parsesCommunities(String text, String hex) {
        assertEquals(Integer.parseUnsignedInt(hex.substring(2), 16), CommunityText.parseCommunity(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "65000", "65000:", ":1", "65536:1", "1:65536", "1:2:3", "a:b", "-1:5", "no_export"})
    void refusesBadCommunities(String text) {
        assertThrows(IllegalArgumentException.class, () -> CommunityText.parseCommunity(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1:2", "1:2:3:4", "4294967296:1:1", "1::2", "x:1:2", ""})
    void refusesBadLargeCommunities(String text) {
        assertThrows(IllegalArgumentException.class, () -> CommunityText.parseLargeCommunity(text));
    }

    @Test
    void parsesLargeCommunitiesAndFormats() {
        assertArrayEquals(new int[] {-1, 0, 7}, CommunityText.parseLargeCommunity("4294967295:0:7"));
        assertEquals("no-export", CommunityText.formatCommunity(0xFFFFFF01));
        assertEquals("65000:100", CommunityText.formatCommunity(0xFDE80064));
    }
}
