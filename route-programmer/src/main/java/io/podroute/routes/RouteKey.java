package io.podroute.routes;

/**
 * What identifies a route in the kernel FIB: table, destination and priority (metric). Two routes
 * with the same key cannot coexist; RTM_NEWROUTE with NLM_F_REPLACE swaps one for the other.
 * (The IPv4 TOS byte is also part of the key; podroute never sets it.)
 */
public record RouteKey(int table, Prefix dst, int priority) {
    @Override
    public String toString() {
        return dst + " table " + table + " metric " + priority;
    }
}
