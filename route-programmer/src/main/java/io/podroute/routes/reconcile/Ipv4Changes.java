package io.podroute.routes.reconcile;

import java.util.Arrays;

/**
 * A batch of IPv4 desired-route changes for {@link RouteTable#updateIpv4}, as parallel primitive
 * arrays: each entry is a prefix and a shape id ({@link RouteTable#ipv4Shape}), either put (the
 * prefix's route becomes that shape) or removed (the route at the shape's table and metric goes).
 * Entries apply in order, so a later change of the same key wins. Reusable ({@link #clear}); not
 * thread-safe.
 */
public final class Ipv4Changes {
    /** Receives one change. */
    @FunctionalInterface
    public interface Visitor {
        void visit(int shape, int address, int length, boolean removal);
    }

    private int[] addresses;
    private int[] shapes;
    private byte[] lengths;
    private int size;

    public Ipv4Changes() {
        this(64);
    }

    public Ipv4Changes(int expected) {
        int n = Math.max(4, expected);
        addresses = new int[n];
        shapes = new int[n];
        lengths = new byte[n];
    }

    /** The route to {@code address/length} becomes one of shape {@code shape}. */
    public void put(int address, int length, int shape) {
        add(address, length, shape, false);
    }

    /** The route to {@code address/length} in the table and metric of {@code shape} goes. */
    public void remove(int address, int length, int shape) {
        add(address, length, shape, true);
    }

    private void add(int address, int length, int shape, boolean removal) {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("IPv4 prefix length " + length);
        }
        if (shape < 0) {
            throw new IllegalArgumentException("shape id " + shape);
        }
        if (size == shapes.length) {
            int n = size * 2;
            addresses = Arrays.copyOf(addresses, n);
            shapes = Arrays.copyOf(shapes, n);
            lengths = Arrays.copyOf(lengths, n);
        }
        addresses[size] = address;
        shapes[size] = removal ? ~shape : shape;
        lengths[size] = (byte) length;
        size++;
    }

    public int size() {
        return size;
    }

    public void clear() {
        size = 0;
    }

    /** Every change, in the order added. */
    public void forEach(Visitor v) {
        for (int i = 0; i < size; i++) {
            int s = shapes[i];
            v.visit(s < 0 ? ~s : s, addresses[i], lengths[i], s < 0);
        }
    }
}
