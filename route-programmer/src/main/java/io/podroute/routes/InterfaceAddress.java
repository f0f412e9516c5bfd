package io.podroute.routes;

import java.util.Arrays;

/**
 * An address on an interface (RTM_NEWADDR): the host address and its prefix length, unmasked, as
 * {@code ip addr add 10.0.0.1/24 dev eth0} sets it.
 */
public final class InterfaceAddress {
    private final int ifIndex;
    private final byte[] address;
    private final int prefixLength;
    private final int scope;

    public InterfaceAddress(int ifIndex, byte[] address, int prefixLength, int scope) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes");
        }
        if (prefixLength < 0 || prefixLength > address.length * 8) {
            throw new IllegalArgumentException("prefix length " + prefixLength);
        }
        this.ifIndex = ifIndex;
        this.address = address.clone();
        this.prefixLength = prefixLength;
        this.scope = scope;
    }

    /** Parses {@code "10.0.0.1/24"} with universe scope. */
    public static InterfaceAddress parse(int ifIndex, String cidr) {
        int slash = cidr.indexOf('/');
        byte[] a = Addresses.parse(cidr.substring(0, slash));
        return new InterfaceAddress(ifIndex, a, Integer.parseInt(cidr.substring(slash + 1)), 0);
    }

    public int ifIndex() {
        return ifIndex;
    }

    public byte[] address() {
        return address.clone();
    }

    public int prefixLength() {
        return prefixLength;
    }

    public int scope() {
        return scope;
    }

    public int family() {
        return address.length == 4 ? 2 : 10;
    }

    /** The connected subnet, host bits cleared. */
    public Prefix subnet() {
        return Prefix.of(address, prefixLength);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InterfaceAddress a
                && a.ifIndex == ifIndex
                && a.prefixLength == prefixLength
                && a.scope == scope
                && Arrays.equals(a.address, address);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(address) * 31 + prefixLength) * 31 + ifIndex;
    }

    @Override
    public String toString() {
        return Addresses.format(address) + "/" + prefixLength + " dev#" + ifIndex;
    }
}
