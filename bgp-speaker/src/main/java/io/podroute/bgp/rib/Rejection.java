package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;
import java.net.InetAddress;

/**
 * A recent announcement the RIB did not use, for {@code podroute routes --explain}.
 *
 * @param prefix the prefix announced
 * @param peer the peer that announced it
 * @param reason why it was not used: the import policy rule, or the unusable next hop / loop
 */
public record Rejection(Prefix prefix, InetAddress peer, String reason) {}
