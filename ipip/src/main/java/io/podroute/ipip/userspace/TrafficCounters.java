package io.podroute.ipip.userspace;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Packets and bytes sent (encapsulated) and received (decapsulated), and drops by reason. Bytes are
 * inner-packet bytes. One instance for the totals and one per peer node; written by the packet
 * threads, read by metrics and tests.
 */
public final class TrafficCounters {
    private final LongAdder txPackets = new LongAdder();
    private final LongAdder txBytes = new LongAdder();
    private final LongAdder rxPackets = new LongAdder();
    private final LongAdder rxBytes = new LongAdder();
    private final Map<DropReason, LongAdder> drops = new EnumMap<>(DropReason.class);

    public TrafficCounters() {
        for (DropReason r : DropReason.values()) {
            drops.put(r, new LongAdder());
        }
    }

    void sent(int bytes) {
        txPackets.increment();
        txBytes.add(bytes);
    }

    void received(int bytes) {
        rxPackets.increment();
        rxBytes.add(bytes);
    }

    void dropped(DropReason reason) {
        drops.get(reason).increment();
    }

    public long txPackets() {
        return txPackets.sum();
    }

    public long txBytes() {
        return txBytes.sum();
    }

    public long rxPackets() {
        return rxPackets.sum();
    }

    public long rxBytes() {
        return rxBytes.sum();
    }

    public long drops(DropReason reason) {
        return drops.get(reason).sum();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("tx ")
                .append(txPackets())
                .append('/')
                .append(txBytes())
                .append("B rx ")
                .append(rxPackets())
                .append('/')
                .append(rxBytes())
                .append('B');
        for (DropReason r : DropReason.values()) {
            long n = drops(r);
            if (n != 0) {
                sb.append(' ').append(r.label()).append('=').append(n);
            }
        }
        return sb.toString();
    }
}
