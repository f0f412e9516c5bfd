/**
 * The ExaBGP backend: {@link io.podroute.bgp.exabgp.ExaBgpSpeaker} implements the agent's {@link
 * io.podroute.bgp.speaker.Speaker} by running ExaBGP 4.2 as a supervised child process (configuration
 * generated, routes announced as text API commands on its stdin, received updates and session
 * changes read as JSON from its stdout) and keeping the RIB, policies and graceful-restart bookkeeping
 * itself. ExaBGP never touches the kernel. See docs/exabgp.md.
 */
package io.podroute.bgp.exabgp;
