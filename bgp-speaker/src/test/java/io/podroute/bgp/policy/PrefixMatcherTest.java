package io.podroute.bgp.policy;

import static io.podroute.bgp.policy.Fixtures.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PrefixMatcherTest {
    private static PrefixMatcher list(PrefixListEntry... entries) {
        return PrefixMatcher.compile(List.of(entries), "prefixLists.x");
    }

    /** entry (prefix, ge, le; empty = absent), candidate, expected match. */
    @ParameterizedTest
    @CsvSource({
        // no bounds: exactly the entry
        "10.244.0.0/16,   ,   , 10.244.0.0/16, true",
        "10.244.0.0/16,   ,   , 10.244.1.0/24, false",
        "10.244.0.0/16,   ,   , 10.0.0.0/8,    false",
        // ge only: ge..32
        "10.244.0.0/16, 26,   , 10.244.1.64/26, true",
        "10.244.0.0/16, 26,   , 10.244.1.1/32,  true",
        "10.244.0.0/16, 26,   , 10.244.1.0/25,  false",
        "10.244.0.0/16, 26,   , 10.245.1.64/26, false",
        // le only: prefix length..le
        "10.244.0.0/16,   , 24, 10.244.0.0/16,  true",
        "10.244.0.0/16,   , 24, 10.244.7.0/24,  true",
        "10.244.0.0/16,   , 24, 10.244.7.0/25,  false",
        // both
        "10.244.0.0/16, 26, 26, 10.244.7.64/26, true",
        "10.244.0.0/16, 26, 26, 10.244.7.0/27,  false",
        // /0 entries
        "0.0.0.0/0,       ,   , 0.0.0.0/0,      true",
        "0.0.0.0/0,       ,   , 10.0.0.0/8,     false",
        "0.0.0.0/0,       , 32, 0.0.0.0/0,      true",
        "0.0.0.0/0,       , 32, 192.0.2.1/32,   true",
        "0.0.0.0/0,      1, 32, 0.0.0.0/0,      false",
        "0.0.0.0/0,     32, 32, 192.0.2.1/32,   true",
        "0.0.0.0/0,     32, 32, 192.0.2.0/31,   false",
        // /32 entry
        "192.0.2.1/32,    ,   , 192.0.2.1/32,   true",
        "192.0.2.1/32,    , 32, 192.0.2.1/32,   true",
        "192.0.2.1/32,    ,   , 192.0.2.0/31,   false",
        "192.0.2.1/32,    ,   , 192.0.2.2/32,   false",
        // IPv6
        "fd00:10::/48,    ,   , fd00:10::/48,        true",
        "fd00:10::/48, 122, 122, fd00:10:0:1::40/122, true",
        "fd00:10::/48, 122, 122, fd00:10:0:1::/64,    false",
        "fd00:10::/48, 122,    , fd00:10::1/128,      true",
        "fd00:10::/48,    , 64, fd00:11::/64,         false",
        "::/0,            ,   , ::/0,                 true",
        "::/0,            , 128, 2001:db8::1/128,     true",
        "::/0,         128, 128, ::1/128,             true",
        "2001:db8::1/128, ,   , 2001:db8::1/128,      true",
        "2001:db8::1/128, ,   , 2001:db8::/127,       false",
        "2001:db8::8000:0:0:1/128, , , 2001:db8::8000:0:0:1/128, true",
        // families never cross
        "0.0.0.0/0,       , 32, ::/0,            false",
        "::/0,            , 128, 0.0.0.0/0,      false",
    })
    void geLeEdges(String prefix, Integer ge, Integer le, String candidate, boolean expected) {
        assertEquals(expected, list(PrefixListEntry.permit(prefix, ge, le)).permits(p(candidate)));
    }

    @Test
    void firstMatchingEntryWins() {
        PrefixMatcher m = list(
                PrefixListEntry.deny("10.244.9.0/24", null, 32),
                PrefixListEntry.permit("10.244.0.0/16", 26, 26),
                PrefixListEntry.deny("10.244.0.0/16", null, 32));
        assertFalse(m.permits(p("10.244.9.64/26")), "the deny before the permit wins");
        assertTrue(m.permits(p("10.244.8.64/26")));
        assertFalse(m.permits(p("10.244.8.0/24")));
        assertEquals(1, m.firstMatch(p("10.244.8.64/26")));
        assertEquals(0, m.firstMatch(p("10.244.9.0/24")));
        assertEquals(2, m.firstMatch(p("10.244.0.0/16")));
    }

    @Test
    void laterMoreSpecificEntryDoesNotBeatEarlierShorterOne() {
        PrefixMatcher m =
                list(PrefixListEntry.permit("10.0.0.0/8", null, 32), PrefixListEntry.deny("10.244.1.0/24", null, 32));
        assertTrue(m.permits(p("10.244.1.0/26")));
        assertEquals(0, m.firstMatch(p("10.244.1.0/26")));
    }

    @Test
    void noMatchIsTheImplicitDeny() {
        PrefixMatcher m = list(PrefixListEntry.permit("10.0.0.0/8", null, null));
        assertEquals(-1, m.firstMatch(p("192.168.0.0/16")));
        assertFalse(m.permits(p("192.168.0.0/16")));
        assertFalse(list().permits(p("10.0.0.0/8")));
    }

    @Test
    void sameEntryPrefixTwiceKeepsListOrder() {
        PrefixMatcher m =
                list(PrefixListEntry.deny("10.0.0.0/8", 24, 24), PrefixListEntry.permit("10.0.0.0/8", 16, 32));
        assertFalse(m.permits(p("10.1.2.0/24")));
        assertTrue(m.permits(p("10.1.0.0/16")));
        assertTrue(m.permits(p("10.1.2.0/25")));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "10.0.0.0/8    | 33 |    | prefixLists.x[0].ge: 33 exceeds 32 for an IPv4 prefix",
                "10.0.0.0/8    |    | 33 | prefixLists.x[0].le: 33 exceeds 32 for an IPv4 prefix",
                "fd00::/8      |    | 129 | prefixLists.x[0].le: 129 exceeds 128 for an IPv6 prefix",
                "fd00::/8      | 129 |   | prefixLists.x[0].ge: 129 exceeds 128 for an IPv6 prefix",
                "10.0.0.0/8    |  8 |    | prefixLists.x[0].ge: 8 must be greater than the prefix length 8"
                        + " (leave ge out to start at the prefix length)",
                "10.0.0.0/8    |  4 |    | prefixLists.x[0].ge: 4 must be greater than the prefix length 8"
                        + " (leave ge out to start at the prefix length)",
                "10.0.0.0/8    | 24 | 16 | prefixLists.x[0].le: 16 is less than ge 24",
                "10.0.0.0/8    |    |  4 | prefixLists.x[0].le: 4 is less than the prefix length 8",
                "10.0.0.0/8    | -1 |    | prefixLists.x[0].ge: -1 is negative",
                "10.0.0.0/8    |    | -1 | prefixLists.x[0].le: -1 is negative",
                "10.1.0.0/8    |    |    | prefixLists.x[0].prefix: '10.1.0.0/8' has host bits set beyond /8; did"
                        + " you mean 10.0.0.0/8?",
                "10.0.0.0/33   |    |    | prefixLists.x[0].prefix: prefix length out of range 0..32 in"
                        + " '10.0.0.0/33'",
                "not-a-prefix  |    |    | prefixLists.x[0].prefix: not an IP address literal: 'not-a-prefix'",
            })
    void invalidEntriesNameTheField(String prefix, Integer ge, Integer le, String message) {
        PolicyConfigException e =
                assertThrows(PolicyConfigException.class, () -> list(PrefixListEntry.permit(prefix, ge, le)));
        assertEquals(message, e.getMessage());
        assertEquals(message.substring(0, message.indexOf(": ")), e.path());
    }

    @Test
    void missingPrefixIsRequired() {
        PolicyConfigException e = assertThrows(
                PolicyConfigException.class,
                () -> list(PrefixListEntry.permit("10.0.0.0/8", null, null), PrefixListEntry.permit(null, 24, 24)));
        assertEquals("prefixLists.x[1].prefix: required", e.getMessage());
        assertEquals("required", e.reason());
    }

    @Test
    void boundsAtTheFamilyLimitAreValid() {
        assertTrue(list(PrefixListEntry.permit("0.0.0.0/0", 32, 32)).permits(p("1.2.3.4/32")));
        assertTrue(list(PrefixListEntry.permit("::/0", 128, 128)).permits(p("::1/128")));
        assertTrue(list(PrefixListEntry.permit("10.0.0.0/8", null, 8)).permits(p("10.0.0.0/8")));
    }
}
