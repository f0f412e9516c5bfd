/**
 * Import and export policy: prefix lists, terms of match conditions and attribute changes compiled
 * into a {@link io.podroute.bgp.api.RoutePolicy}, the RFC 8212 default for peers without policy, safe
 * pod-network defaults, and the per-peer prefix limit. The model ({@link io.podroute.bgp.policy.PolicyConfig}
 * and the records it holds) binds from the agent's YAML with Jackson; see docs/policy.md.
 */
package io.podroute.bgp.policy;
