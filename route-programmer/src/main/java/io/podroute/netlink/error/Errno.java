package io.podroute.netlink.error;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * A Linux errno value with its symbolic name (asm-generic/errno-base.h, asm-generic/errno.h).
 *
 * <p>The table is built at class load and rejects duplicate numbers. {@link #valueOf(int)} returns
 * a known constant or a new unknown instance ("E123"); it never throws.
 */
public record Errno(int number, String name) {
    public static final Errno EPERM = new Errno(1, "EPERM");
    public static final Errno ENOENT = new Errno(2, "ENOENT");
    public static final Errno ESRCH = new Errno(3, "ESRCH");
    public static final Errno EINTR = new Errno(4, "EINTR");
    public static final Errno EIO = new Errno(5, "EIO");
    public static final Errno ENXIO = new Errno(6, "ENXIO");
    public static final Errno E2BIG = new Errno(7, "E2BIG");
    public static final Errno EBADF = new Errno(9, "EBADF");
    public static final Errno EAGAIN = new Errno(11, "EAGAIN");
    public static final Errno ENOMEM = new Errno(12, "ENOMEM");
    public static final Errno EACCES = new Errno(13, "EACCES");
    public static final Errno EFAULT = new Errno(14, "EFAULT");
    public static final Errno EBUSY = new Errno(16, "EBUSY");
    public static final Errno EEXIST = new Errno(17, "EEXIST");
    public static final Errno EXDEV = new Errno(18, "EXDEV");
    public static final Errno ENODEV = new Errno(19, "ENODEV");
    public static final Errno ENOTDIR = new Errno(20, "ENOTDIR");
    public static final Errno EINVAL = new Errno(22, "EINVAL");
    public static final Errno ENFILE = new Errno(23, "ENFILE");
    public static final Errno EMFILE = new Errno(24, "EMFILE");
    public static final Errno ENOSPC = new Errno(28, "ENOSPC");
    public static final Errno ERANGE = new Errno(34, "ERANGE");
    public static final Errno ENOTSUP = new Errno(95, "EOPNOTSUPP");
    public static final Errno EMSGSIZE = new Errno(90, "EMSGSIZE");
    public static final Errno ENOPROTOOPT = new Errno(92, "ENOPROTOOPT");
    public static final Errno EPROTONOSUPPORT = new Errno(93, "EPROTONOSUPPORT");
    public static final Errno EAFNOSUPPORT = new Errno(97, "EAFNOSUPPORT");
    public static final Errno EADDRINUSE = new Errno(98, "EADDRINUSE");
    public static final Errno EADDRNOTAVAIL = new Errno(99, "EADDRNOTAVAIL");
    public static final Errno ENETDOWN = new Errno(100, "ENETDOWN");
    public static final Errno ENETUNREACH = new Errno(101, "ENETUNREACH");
    public static final Errno ENOBUFS = new Errno(105, "ENOBUFS");
    public static final Errno ETIMEDOUT = new Errno(110, "ETIMEDOUT");
    public static final Errno EHOSTUNREACH = new Errno(113, "EHOSTUNREACH");

    private static final Map<Integer, Errno> BY_NUMBER = index(
            EPERM,
            ENOENT,
            ESRCH,
            EINTR,
            EIO,
            ENXIO,
            E2BIG,
            EBADF,
            EAGAIN,
            ENOMEM,
            EACCES,
            EFAULT,
            EBUSY,
            EEXIST,
            EXDEV,
            ENODEV,
            ENOTDIR,
            EINVAL,
            ENFILE,
            EMFILE,
            ENOSPC,
            ERANGE,
            ENOTSUP,
            EMSGSIZE,
            ENOPROTOOPT,
            EPROTONOSUPPORT,
            EAFNOSUPPORT,
            EADDRINUSE,
            EADDRNOTAVAIL,
            ENETDOWN,
            ENETUNREACH,
            ENOBUFS,
            ETIMEDOUT,
            EHOSTUNREACH);

    /** The constant for {@code number}, or a new unknown instance named {@code E<number>}. */
    public static Errno valueOf(int number) {
        Errno known = BY_NUMBER.get(number);
        return known != null ? known : new Errno(number, "E" + number);
    }

    /** True if this number is in the table of known names. */
    public boolean isKnown() {
        return BY_NUMBER.containsKey(number);
    }

    private static Map<Integer, Errno> index(Errno... all) {
        Map<Integer, Errno> map = new HashMap<>();
        for (Errno e : all) {
            if (map.put(e.number, e) != null) {
                throw new ExceptionInInitializerError("duplicate errno " + e.number);
            }
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public String toString() {
        return name;
    }
}
