package io.podroute.bgp.codec.capability;

import io.netty.buffer.ByteBuf;
import io.podroute.bgp.codec.nlri.Family;
import java.util.List;
import java.util.Objects;

/** ADD-PATH (RFC 7911 §4): per family AFI(2), SAFI(1), send/receive(1: 1 receive, 2 send, 3 both). */
public record AddPathCapability(List<FamilyEntry> families) implements Capability {
    public static final int RECEIVE = 1;
    public static final int SEND = 2;
    public static final int BOTH = 3;

    /** One family and its send/receive value (kept as received, even outside 1..3). */
    public record FamilyEntry(Family family, int sendReceive) {
        public FamilyEntry {
            Objects.requireNonNull(family, "family");
            if (sendReceive < 0 || sendReceive > 0xFF) {
                throw new IllegalArgumentException("add-path send/receive out of range: " + sendReceive);
            }
        }

        public boolean canReceive() {
            return (sendReceive & RECEIVE) != 0 && sendReceive <= BOTH;
        }

        public boolean canSend() {
            return (sendReceive & SEND) != 0 && sendReceive <= BOTH;
        }
    }

    public AddPathCapability {
        families = List.copyOf(families);
    }

    @Override
    public int code() {
        return ADD_PATH;
    }

    @Override
    public int valueLength() {
        return 4 * families.size();
    }

    @Override
    public void writeValue(ByteBuf out) {
        for (FamilyEntry f : families) {
            out.writeShort(f.family().afi());
            out.writeByte(f.family().safi());
            out.writeByte(f.sendReceive());
        }
    }
}
