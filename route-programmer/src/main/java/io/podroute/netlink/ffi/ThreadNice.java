package io.podroute.netlink.ffi;

import io.podroute.netlink.error.Errno;

/**
 * The calling thread's nice value. On Linux a nice value belongs to a thread, not to the process
 * ({@code setpriority(PRIO_PROCESS, 0, n)} changes the caller only), and it weighs a thread against
 * the other threads of its scheduling group (the process's cgroup): the agent uses it to let the
 * thread that writes routes into the kernel, the end of the pipeline, win the CPU over the threads
 * that feed it (BGP input and route sync) when they compete, as during a full-table feed on a small
 * node. Raising a thread's nice value needs no privilege; lowering it again does (CAP_SYS_NICE).
 */
public final class ThreadNice {
    private static final int PRIO_PROCESS = 0;

    private ThreadNice() {}

    /**
     * Sets the calling thread's nice value to {@code nice} (0 to 19: higher is lower priority).
     *
     * @return null on success, else the errno (e.g. EACCES when lowering it without CAP_SYS_NICE)
     * @throws IllegalArgumentException if {@code nice} is outside 0..19
     */
    public static Errno setCurrent(int nice) {
        if (nice < 0 || nice > 19) {
            throw new IllegalArgumentException("nice " + nice + " (0..19)");
        }
        return Native.libc().setpriority(PRIO_PROCESS, 0, nice) == 0 ? null : Native.errno();
    }
}
