package io.podroute.ipip;

import io.podroute.ipip.kernel.KernelTunnel;
import io.podroute.ipip.userspace.UserspaceTunnel;
import io.podroute.netlink.error.Errno;
import io.podroute.netlink.error.NetlinkException;
import io.podroute.netlink.ops.NetlinkHandle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens the tunnel data plane the configuration asks for. With {@link DataPlaneChoice#AUTO} the
 * kernel's ipip device is tried first; a kernel without the ipip link type answers RTM_NEWLINK with
 * EOPNOTSUPP ("Unknown device type"), which is logged in one line and answered with the userspace
 * data plane. Any other error is thrown: it is not a missing feature.
 */
public final class DataPlanes {
    private static final Logger LOG = LoggerFactory.getLogger(DataPlanes.class);

    private DataPlanes() {}

    /**
     * Opens the data plane for {@code choice}: kernel, userspace, or kernel falling back to userspace.
     *
     * @param namespace the node's network namespace name ({@code /run/netns/NAME}), null for the
     *     process's own
     * @param handle a netlink handle opened in that namespace
     */
    public static TunnelDataPlane open(
            DataPlaneChoice choice, String namespace, NetlinkHandle handle, TunnelSettings settings)
            throws NetlinkException {
        return switch (choice) {
            case KERNEL -> KernelTunnel.open(handle, settings);
            case USERSPACE -> UserspaceTunnel.open(namespace, handle, settings);
            case AUTO -> {
                try {
                    yield KernelTunnel.open(handle, settings);
                } catch (NetlinkException e) {
                    if (!isMissingIpip(e)) {
                        throw e;
                    }
                    LOG.warn(
                            "kernel has no ipip link type ({}); using the userspace IP-in-IP data plane (TUN {})",
                            e.getMessage(),
                            settings.userspaceDevice());
                    yield UserspaceTunnel.open(namespace, handle, settings);
                }
            }
        };
    }

    /** EOPNOTSUPP on RTM_NEWLINK kind ipip: the kernel lacks the module (decided by errno, not text). */
    static boolean isMissingIpip(NetlinkException e) {
        return e.errno().number() == Errno.ENOTSUP.number();
    }
}
