package io.podroute.bgp.codec.message;

import io.podroute.bgp.codec.capability.Capability;
import io.podroute.bgp.codec.capability.FourOctetAsCapability;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN (RFC 4271 §4.2). {@code myAs} is the 2-octet field (AS_TRANS for a 4-octet AS, RFC 6793);
 * {@code parameters} keeps the Capabilities optional parameters as they came, one inner list per
 * parameter, because speakers differ in grouping (one capability per parameter, or all in one) and a
 * decoded OPEN must re-encode to the same bytes. {@code extendedParameters} marks the RFC 9072 format.
 */
public record OpenMessage(
        int version,
        int myAs,
        int holdTime,
        int bgpIdentifier,
        List<List<Capability>> parameters,
        boolean extendedParameters)
        implements BgpMessage {
    public static final int VERSION = 4;
    public static final int AS_TRANS = 23456;

    public OpenMessage {
        if (version < 0 || version > 0xFF) {
            throw new IllegalArgumentException("version out of range: " + version);
        }
        if (myAs < 0 || myAs > 0xFFFF) {
            throw new IllegalArgumentException("My AS is a 2-octet field: " + myAs);
        }
        if (holdTime < 0 || holdTime > 0xFFFF) {
            throw new IllegalArgumentException("hold time out of range: " + holdTime);
        }
        List<List<Capability>> copy = new ArrayList<>(parameters.size());
        for (List<Capability> p : parameters) {
            copy.add(List.copyOf(p));
        }
        parameters = List.copyOf(copy);
    }

    /**
     * An OPEN for a speaker with a 4-octet-capable {@code asn} (unsigned), one capability per parameter;
     * {@code myAs} becomes AS_TRANS when the AS does not fit 2 octets.
     */
    public static OpenMessage of(long asn, int holdTime, int bgpIdentifier, List<Capability> capabilities) {
        int myAs = asn > 0xFFFF ? AS_TRANS : (int) asn;
        List<List<Capability>> params = new ArrayList<>(capabilities.size());
        for (Capability c : capabilities) {
            params.add(List.of(c));
        }
        return new OpenMessage(VERSION, myAs, holdTime, bgpIdentifier, params, false);
    }

    /** All capabilities, in order, across parameters. */
    public List<Capability> capabilities() {
        List<Capability> all = new ArrayList<>();
        for (List<Capability> p : parameters) {
            all.addAll(p);
        }
        return all;
    }

    /** The first capability of class {@code type}, or null. */
    public <T extends Capability> T capability(Class<T> type) {
        for (List<Capability> p : parameters) {
            for (Capability c : p) {
                if (type.isInstance(c)) {
                    return type.cast(c);
                }
            }
        }
        return null;
    }

    /** The speaker's AS: from the 4-octet AS capability if present (RFC 6793 §4.1), else My AS. */
    public long effectiveAs() {
        FourOctetAsCapability c = capability(FourOctetAsCapability.class);
        return c != null ? c.asnUnsigned() : myAs;
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN;
    }
}
