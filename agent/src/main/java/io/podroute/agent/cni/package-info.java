/**
 * The node's pod-network plumbing outside BGP: the CNI conflist that makes the container runtime
 * put pods into this node's block ({@link io.podroute.agent.cni.CniConfigWriter}) and outgoing NAT for
 * pods talking to the world outside the pools ({@link io.podroute.agent.cni.NatOutgoing}). See
 * docs/cni.md.
 */
package io.podroute.agent.cni;
