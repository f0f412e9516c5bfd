package io.podroute.routes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressesTest {
    @ParameterizedTest
    @CsvSource({
        "10.1.2.3/24, 10.1.2.0/24",
        "10.1.2.3, 10.1.2.3/32",
        "0.0.0.0/0, 0.0.0.0/0",
        "fd00::1/64, fd00::/64",
        "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
        "2001:0:0:1:0:0:0:0/127, 2001:0:0:1::/127",
        "::/0, ::/0",
    })
    void parsesAndMasksPrefixes(String text, String canonical) {
        assertEquals(canonical, Prefix.parse(text).toString());
    }

    @Test
    void rejectsNamesAndBadLengths() {
        assertThrows(IllegalArgumentException.class, () -> Prefix.parse("localhost/8"));
        assertThrows(IllegalArgumentException.class, () -> Prefix.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Prefix.parse("fd00::/129"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("10.0.0"));
    }

    @Property
    void formatMatchesTheJdkAndParsesBack(@ForAll @Size(16) byte[] raw) throws Exception {
        String text = Addresses.format(raw);
        assertEquals(InetAddress.getByAddress(raw), InetAddress.getByName(text));
        assertEquals(text, Addresses.format(Addresses.parse(text)));
    }

    @Property
    void prefixRoundTrip(@ForAll @Size(4) byte[] raw, @ForAll @IntRange(max = 32) int len) {
        Prefix p = Prefix.of(raw, len);
        assertEquals(p, Prefix.parse(p.toString()));
        assertEquals(p, Prefix.of(p.address(), len), "masking is idempotent");
    }
}
