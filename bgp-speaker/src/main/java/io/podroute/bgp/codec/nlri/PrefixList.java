package io.podroute.bgp.codec.nlri;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.error.BgpProtocolException;
import io.podroute.bgp.codec.error.NotificationCode;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * An immutable list of IPv4 or IPv6 prefixes in the packed form of the wire, with optional add-path
 * identifiers (RFC 7911). Prefixes are kept in primitive arrays (IPv4: one int each; IPv6: two longs
 * each; one byte of length each), so decoding a packed UPDATE allocates a fixed handful of arrays per
 * message and no object per prefix. {@link #get(int)} materialises a {@link Prefix} on demand.
 *
 * <p>Wire format of one entry (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3): optional 4-byte path id,
 * 1-byte length in bits, then ceil(length/8) address bytes; trailing host bits are ignored on receipt
 * and sent as zero.
 */
public final class PrefixList {
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final byte[] NO_BYTES = new byte[0];

    public static final PrefixList EMPTY_IPV4 = new PrefixList(false, 0, NO_INTS, NO_LONGS, NO_BYTES, null);
    public static final PrefixList EMPTY_IPV6 = new PrefixList(true, 0, NO_INTS, NO_LONGS, NO_BYTES, null);

    private final boolean ipv6;
    private final int size;
    private final int[] v4;
    private final long[] v6;
    private final byte[] lengths;
    private final int[] pathIds;

    private PrefixList(boolean ipv6, int size, int[] v4, long[] v6, byte[] lengths, int[] pathIds) {
        this.ipv6 = ipv6;
        this.size = size;
        this.v4 = v4;
        this.v6 = v6;
        this.lengths = lengths;
        this.pathIds = pathIds;
    }

    public static PrefixList empty(boolean ipv6) {
        return ipv6 ? EMPTY_IPV6 : EMPTY_IPV4;
    }

    /** A list of prefixes of one family, without path ids. */
    public static PrefixList of(boolean ipv6, List<Prefix> prefixes) {
        return of(ipv6, prefixes, null);
    }

    /** A list of prefixes of one family; {@code pathIds} is null or has one id per prefix. */
    public static PrefixList of(boolean ipv6, List<Prefix> prefixes, int[] pathIds) {
        int n = prefixes.size();
        if (pathIds != null && pathIds.length != n) {
            throw new IllegalArgumentException("need one path id per prefix");
        }
        if (n == 0) {
            return empty(ipv6); // equal to what decode returns for an empty field, path ids or not
        }
        int[] a4 = ipv6 ? NO_INTS : new int[n];
        long[] a6 = ipv6 ? new long[2 * n] : NO_LONGS;
        byte[] len = new byte[n];
        for (int i = 0; i < n; i++) {
            Prefix p = prefixes.get(i);
            if (p.ipv6() != ipv6) {
                throw new IllegalArgumentException("mixed address families in one prefix list: " + p);
            }
            if (ipv6) {
                a6[2 * i] = p.hi();
                a6[2 * i + 1] = p.lo();
            } else {
                a4[i] = (int) p.hi();
            }
            len[i] = (byte) p.length();
        }
        return new PrefixList(ipv6, n, a4, a6, len, pathIds == null ? null : pathIds.clone());
    }

    /**
     * Decodes {@code length} bytes of NLRI at the reader index and advances past them. Two passes: the
     * first validates and counts (RFC 7606 §5.3: a length beyond the family's maximum, or an overrun of
     * the field, makes the field unparseable), the second fills arrays of exactly that size, so nothing
     * is allocated beyond what the declared length can hold.
     *
     * @param error the NOTIFICATION to raise when the field cannot be parsed (3/10 for the UPDATE's
     *     own fields, 3/9 for MP_REACH_NLRI / MP_UNREACH_NLRI)
     */
    public static PrefixList decode(ByteBuf buf, int length, boolean ipv6, boolean addPath, NotificationCode error) {
        int start = buf.readerIndex();
        int end = start + length;
        int max = ipv6 ? 128 : 32;
        int count = 0;
        int i = start;
        while (i < end) {
            if (addPath) {
                if (end - i < 5) {
                    throw invalid(error, "add-path NLRI truncated at offset " + (i - start));
                }
                i += 4;
            }
            int bits = buf.getUnsignedByte(i);
            if (bits > max) {
                throw invalid(error, "prefix length " + bits + " exceeds " + max);
            }
            int bytes = (bits + 7) >>> 3;
            if (i + 1 + bytes > end) {
                throw invalid(error, "prefix overruns the NLRI field at offset " + (i - start));
            }
            i += 1 + bytes;
            count++;
        }
        if (count == 0) {
            buf.readerIndex(end);
            return empty(ipv6);
        }
        int[] a4 = ipv6 ? NO_INTS : new int[count];
        long[] a6 = ipv6 ? new long[2 * count] : NO_LONGS;
        byte[] lens = new byte[count];
        int[] ids = addPath ? new int[count] : null;
        i = start;
        for (int n = 0; n < count; n++) {
            if (addPath) {
                ids[n] = buf.getInt(i);
                i += 4;
            }
            int bits = buf.getUnsignedByte(i++);
            int bytes = (bits + 7) >>> 3;
            lens[n] = (byte) bits;
            if (ipv6) {
                long hi;
                long lo = 0;
                if (bytes >= 8) {
                    hi = buf.getLong(i); // whole upper half in one read (the common /64 and /48+ case)
                    if (bytes == 16) {
                        lo = buf.getLong(i + 8);
                    } else {
                        for (int k = 8; k < bytes; k++) {
                            lo |= (long) buf.getUnsignedByte(i + k) << (120 - 8 * k);
                        }
                    }
                } else {
                    hi = 0;
                    for (int k = 0; k < bytes; k++) {
                        hi |= (long) buf.getUnsignedByte(i + k) << (56 - 8 * k);
                    }
                }
                a6[2 * n] = hi & Prefix.mask64(bits);
                a6[2 * n + 1] = lo & Prefix.mask64(bits - 64);
            } else {
                int addr;
                switch (bytes) {
                    case 0:
                        addr = 0;
                        break;
                    case 1:
                        addr = buf.getUnsignedByte(i) << 24;
                        break;
                    case 2:
                        addr = buf.getUnsignedShort(i) << 16;
                        break;
                    case 3:
                        addr = buf.getUnsignedMedium(i) << 8;
                        break;
                    default:
                        addr = buf.getInt(i);
                        break;
                }
                a4[n] = addr & Prefix.mask32(bits);
            }
            i += bytes;
        }
        buf.readerIndex(end);
        return new PrefixList(ipv6, count, a4, a6, lens, ids);
    }

    private static BgpProtocolException invalid(NotificationCode error, String why) {
        return new BgpProtocolException(error, NO_BYTES, "NLRI cannot be parsed: " + why);
    }

    /** Writes the entries in wire format; path ids are written iff {@code addPath}, as 0 if absent. */
    public void encode(ByteBuf out, boolean addPath) {
        for (int n = 0; n < size; n++) {
            if (addPath) {
                out.writeInt(pathIds == null ? 0 : pathIds[n]);
            }
            int bits = lengths[n] & 0xFF;
            out.writeByte(bits);
            int bytes = (bits + 7) >>> 3;
            if (ipv6) {
                long hi = v6[2 * n];
                long lo = v6[2 * n + 1];
                for (int k = 0; k < bytes; k++) {
                    out.writeByte((int) (k < 8 ? hi >>> (56 - 8 * k) : lo >>> (120 - 8 * k)));
                }
            } else {
                int a = v4[n];
                switch (bytes) {
                    case 0:
                        break;
                    case 1:
                        out.writeByte(a >>> 24);
                        break;
                    case 2:
                        out.writeShort(a >>> 16);
                        break;
                    case 3:
                        out.writeMedium(a >>> 8);
                        break;
                    default:
                        out.writeInt(a);
                        break;
                }
            }
        }
    }

    /** Bytes {@link #encode} writes. */
    public int encodedLength(boolean addPath) {
        int total = addPath ? 4 * size : 0;
        for (int n = 0; n < size; n++) {
            total += 1 + (((lengths[n] & 0xFF) + 7) >>> 3);
        }
        return total;
    }

    public boolean ipv6() {
        return ipv6;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public boolean hasPathIds() {
        return pathIds != null;
    }

    /** Length in bits of prefix {@code i}. */
    public int length(int i) {
        return lengths[checkIndex(i)] & 0xFF;
    }

    /** IPv4 address of prefix {@code i} as an int (network order bits). */
    public int ipv4Address(int i) {
        return v4[checkIndex(i)];
    }

    /** Upper 64 bits of IPv6 prefix {@code i}. */
    public long ipv6High(int i) {
        return v6[2 * checkIndex(i)];
    }

    /** Lower 64 bits of IPv6 prefix {@code i}. */
    public long ipv6Low(int i) {
        return v6[2 * checkIndex(i) + 1];
    }

    /** Path id of prefix {@code i}, or 0 if the list carries none. */
    public int pathId(int i) {
        checkIndex(i);
        return pathIds == null ? 0 : pathIds[i];
    }

    /** Prefix {@code i} as an object. */
    public Prefix get(int i) {
        checkIndex(i);
        return ipv6 ? Prefix.ipv6(v6[2 * i], v6[2 * i + 1], lengths[i] & 0xFF) : Prefix.ipv4(v4[i], lengths[i] & 0xFF);
    }

    /** A view of the prefixes as objects (allocates per access). */
    public List<Prefix> asList() {
        return new AbstractList<>() {
            @Override
            public Prefix get(int index) {
                return PrefixList.this.get(index);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("prefix index " + i + " of " + size);
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefixList p
                && ipv6 == p.ipv6
                && size == p.size
                && Arrays.equals(v4, p.v4)
                && Arrays.equals(v6, p.v6)
                && Arrays.equals(lengths, p.lengths)
                && Arrays.equals(pathIds, p.pathIds);
    }

    @Override
    public int hashCode() {
        return ((Arrays.hashCode(v4) * 31 + Arrays.hashCode(v6)) * 31 + Arrays.hashCode(lengths)) * 31
                + Arrays.hashCode(pathIds)
                + (ipv6 ? 1 : 0);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(get(i));
            if (pathIds != null) {
                sb.append(" path-id ").append(Integer.toUnsignedString(pathIds[i]));
            }
        }
        return sb.append(']').toString();
    }
}
