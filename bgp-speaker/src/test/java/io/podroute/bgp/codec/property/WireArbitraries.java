package io.podroute.bgp.codec.property;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Random message bodies with a plausible skeleton (lengths that are usually right, known type codes,
 * known families) and random contents, so that random input reaches the attribute, capability and
 * NLRI decoders instead of stopping at the first length check.
 */
final class WireArbitraries {
    /** An optional parameter: type, capability TLVs, and an error to apply to its length. */
    private record Param(int type, byte[] capabilities, int lengthError) {}

    private WireArbitraries() {}

    /** Usually 0, sometimes a small error to apply to a length field. */
    static Arbitrary<Integer> lengthError() {
        return Arbitraries.frequencyOf(
                Tuple.of(12, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(-3, 3)));
    }

    static Arbitrary<byte[]> randomBytes(int max) {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(max);
    }

    /**
     * NLRI entries of one family: [path id] length, ceil(length / 8) bytes; the path ids present or not
     * for the whole field, lengths sometimes beyond the family's maximum.
     */
    static Arbitrary<byte[]> nlri(boolean ipv6) {
        Arbitrary<Integer> bits = Arbitraries.frequencyOf(
                Tuple.of(40, Arbitraries.integers().between(0, ipv6 ? 128 : 32)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<byte[]> entry = Combinators.combine(bits, Arbitraries.integers())
                .as((b, id) -> {
                    Bytes out = new Bytes().u32(id).u8(b);
                    for (int i = 0; i < (b + 7) / 8; i++) {
                        out.u8(id * 31 + i);
                    }
                    return out.toArray();
                });
        return Combinators.combine(entry.list().ofMaxSize(6), NlriArbitraries.booleans())
                .as((entries, withIds) -> {
                    Bytes out = new Bytes();
                    for (byte[] e : entries) {
                        out.raw(withIds ? e : java.util.Arrays.copyOfRange(e, 4, e.length));
                    }
                    return out.toArray();
                });
    }

    /** MP_REACH_NLRI / MP_UNREACH_NLRI values around the known families and next-hop lengths. */
    static Arbitrary<byte[]> mpValue(boolean reach) {
        Arbitrary<Integer> afi = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(1, 2)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Integer> safi = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.just(1)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFF)));
        Arbitrary<byte[]> nextHop = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(4, 16, 32).flatMap(n -> Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(n))),
                Tuple.of(1, randomBytes(40)));
        return Combinators.combine(afi, safi, nextHop, nlri(false), nlri(true), lengthError())
                .as((a, s, nh, v4, v6, err) -> {
                    Bytes b = new Bytes().u16(a).u8(s);
                    if (reach) {
                        b.u8(nh.length + err).raw(nh).u8(0);
                    }
                    return b.raw(a == 2 ? v6 : v4).toArray();
                });
    }

    /** One attribute TLV: flags near the valid ones, mostly known type codes, a value of about the right length. */
    static Arbitrary<byte[]> attribute() {
        Arbitrary<Integer> flags = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(0x40, 0x80, 0xC0, 0xE0, 0x50, 0x90, 0xD0)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFF)));
        Arbitrary<Integer> type = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18, 32)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFF)));
        Arbitrary<byte[]> value = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0, 1, 4, 6, 8, 12, 16, 24).flatMap(n -> Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(n))),
                Tuple.of(2, asPathValue()),
                Tuple.of(1, randomBytes(64)));
        return Combinators.combine(flags, type, value, mpValue(true), mpValue(false), lengthError())
                .as((f, t, v, reach, unreach, err) -> {
                    byte[] val = t == 14 ? reach : t == 15 ? unreach : v;
                    Bytes b = new Bytes().u8(f).u8(t);
                    int len = Math.max(0, val.length + err);
                    if ((f & 0x10) != 0) {
                        b.u16(len);
                    } else {
                        b.u8(len);
                    }
                    return b.raw(val).toArray();
                });
    }

    /** AS_PATH-like segments: type 0..5, count, 2- or 4-byte AS numbers. */
    static Arbitrary<byte[]> asPathValue() {
        Arbitrary<byte[]> segment = Combinators.combine(
                        Arbitraries.integers().between(0, 5),
                        Arbitraries.integers().between(0, 6),
                        Arbitraries.of(2, 4),
                        Arbitraries.integers())
                .as((t, n, w, seed) -> {
                    Bytes b = new Bytes().u8(t).u8(n);
                    for (int i = 0; i < n * w; i++) {
                        b.u8(seed >>> (i % 4 * 8));
                    }
                    return b.toArray();
                });
        return segment.list().ofMaxSize(3).map(WireArbitraries::concat);
    }

    /** UPDATE body: withdrawn length and routes, attribute length and attributes, NLRI. */
    static Arbitrary<byte[]> updateBody() {
        return Combinators.combine(
                        nlri(false), attribute().list().ofMaxSize(6), nlri(false), lengthError(), lengthError())
                .as((withdrawn, attrs, nlri, e1, e2) -> {
                    byte[] a = concat(attrs);
                    return new Bytes()
                            .u16(withdrawn.length + e1)
                            .raw(withdrawn)
                            .u16(a.length + e2)
                            .raw(a)
                            .raw(nlri)
                            .toArray();
                });
    }

    /** One capability TLV, mostly of a known code. */
    static Arbitrary<byte[]> capability() {
        Arbitrary<Integer> code = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(1, 2, 6, 64, 65, 69, 70)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFF)));
        Arbitrary<byte[]> value = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(0, 2, 4, 6, 8, 10).flatMap(n -> Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(n))),
                Tuple.of(1, randomBytes(32)));
        return Combinators.combine(code, value, lengthError())
                .as((c, v, err) -> new Bytes().u8(c).u8(v.length + err).raw(v).toArray());
    }

    /** OPEN body: version, My AS, hold time, identifier, then parameters in either format. */
    static Arbitrary<byte[]> openBody() {
        Arbitrary<Param> param = Combinators.combine(
                        Arbitraries.frequencyOf(
                                Tuple.of(8, Arbitraries.just(2)),
                                Tuple.of(1, Arbitraries.integers().between(0, 255))),
                        capability().list().ofMaxSize(4),
                        lengthError())
                .as((t, caps, err) -> new Param(t, concat(caps), err));
        Arbitrary<Integer> version = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.just(4)),
                Tuple.of(1, Arbitraries.integers().between(0, 255)));
        Arbitrary<Integer> hold = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.of(0, 3, 90)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFF)));
        Arbitrary<Integer> myAs = Arbitraries.frequencyOf(
                Tuple.of(9, Arbitraries.of(1, 65001, 0xFFFF)), Tuple.of(1, Arbitraries.of(0, 23456)));
        Arbitrary<Integer> id =
                Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.of(1, 0x0A000001)), Tuple.of(1, Arbitraries.just(0)));
        return Combinators.combine(
                        version, myAs, hold, id, param.list().ofMaxSize(3), NlriArbitraries.booleans(), lengthError())
                .as((v, as, h, ident, params, extended, err) -> {
                    Bytes p = new Bytes();
                    for (Param q : params) {
                        int len = q.capabilities().length + q.lengthError();
                        p.u8(q.type());
                        if (extended) {
                            p.u16(len);
                        } else {
                            p.u8(len);
                        }
                        p.raw(q.capabilities());
                    }
                    Bytes b = new Bytes().u8(v).u16(as).u16(h).u32(ident);
                    if (extended) {
                        b.u8(255).u8(255).u16(p.size() + err);
                    } else {
                        b.u8(p.size() + err);
                    }
                    return b.raw(p.toArray()).toArray();
                });
    }

    static byte[] concat(List<byte[]> parts) {
        Bytes b = new Bytes();
        parts.forEach(b::raw);
        return b.toArray();
    }
}
