package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.nlri.Family;
import java.util.List;
import java.util.Objects;

/**
 * Graceful restart (RFC 4724 §3): 4 bits of flags (R = restart state 0x8, N = notification support
 * 0x4 per RFC 8538), 12 bits of restart time in seconds, then per family AFI(2), SAFI(1), flags(1) with
 * F = forwarding state preserved (0x80).
 */
public record GracefulRestartCapability(int flags, int restartTime, List<FamilyEntry> families) implements Capability {
    public static final int RESTART_STATE = 0x8;
    public static final int NOTIFICATION = 0x4;
    public static final int FORWARDING_STATE = 0x80;

    /** One family: its flags byte (0x80 = forwarding state preserved). */
    public record FamilyEntry(Family family, int flags) {
        public FamilyEntry {
            Objects.requireNonNull(family, "family");
            if (flags < 0 || flags > 0xFF) {
                throw new IllegalArgumentException("graceful restart family flags out of range: " + flags);
            }
        }

        public boolean forwardingState() {
            return (flags & FORWARDING_STATE) != 0;
        }
    }

    public GracefulRestartCapability {
        if (flags < 0 || flags > 0xF) {
            throw new IllegalArgumentException("graceful restart flags are 4 bits: " + flags);
        }
        if (restartTime < 0 || restartTime > 0xFFF) {
            throw new IllegalArgumentException("graceful restart time is 12 bits (0..4095 s): " + restartTime);
        }
        families = List.copyOf(families);
    }

    public boolean restartState() {
        return (flags & RESTART_STATE) != 0;
    }

    @Override
    public int code() {
        return GRACEFUL_RESTART;
    }

    @Override
    public int valueLength() {
        return 2 + 4 * families.size();
    }

    @Override
    public void writeValue(ByteBuf out) {
        out.writeShort((flags << 12) | restartTime);
        for (FamilyEntry f : families) {
            out.writeShort(f.family().afi());
            out.writeByte(f.family().safi());
            out.writeByte(f.flags());
        }
    }
}
