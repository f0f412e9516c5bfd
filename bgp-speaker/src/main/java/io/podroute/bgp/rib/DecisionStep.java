package io.podroute.bgp.rib;

import io.podroute.bgp.codec.nlri.Prefix;

/**
 * The steps of the decision process in the order they are applied (RFC 4271 §9.1.2.2, RFC 4456 §9,
 * FRR's placement of "locally originated"). Each step compares two candidates (negative: the first
 * is better) and names the value it compared, so that {@link Rib#explain} can say why a path ranks
 * where it does. The steps up to and including {@link #EBGP_OVER_IBGP} decide multipath equality
 * (see {@link DecisionProcess#multipathEqual}).
 */
public enum DecisionStep {
    /** Highest LOCAL_PREF; absent (and always for eBGP-learned paths before import policy) = default. */
    LOCAL_PREF {
        @Override
        int compare(Candidate a, Candidate b) {
            return Long.compare(b.attrs().localPref, a.attrs().localPref);
        }

        @Override
        String value(Candidate c) {
            return "local-pref " + c.attrs().localPref;
        }
    },
    /** A path this speaker originates beats any learned one. */
    LOCALLY_ORIGINATED {
        @Override
        int compare(Candidate a, Candidate b) {
            return Boolean.compare(b.local(), a.local());
        }

        @Override
        String value(Candidate c) {
            return c.local() ? "locally originated" : "learned";
        }
    },
    /** Shortest AS path: AS_SET counts 1, confederation segments 0. */
    AS_PATH_LENGTH {
        @Override
        int compare(Candidate a, Candidate b) {
            return Integer.compare(a.attrs().asPathLength, b.attrs().asPathLength);
        }

        @Override
        String value(Candidate c) {
            return "as-path length " + c.attrs().asPathLength;
        }
    },
    /** Lowest ORIGIN: IGP < EGP < INCOMPLETE. */
    ORIGIN {
        @Override
        int compare(Candidate a, Candidate b) {
            return Integer.compare(a.attrs().origin, b.attrs().origin);
        }

        @Override
        String value(Candidate c) {
            int o = c.attrs().origin;
            return "origin " + (o == 0 ? "IGP" : o == 1 ? "EGP" : o == 2 ? "INCOMPLETE" : "missing");
        }
    },
    /** Lowest MED, only between paths from the same neighbour AS; a missing MED is 0. */
    MED {
        @Override
        int compare(Candidate a, Candidate b) {
            if (a.attrs().neighbourAs != b.attrs().neighbourAs) {
                return 0;
            }
            return Long.compare(a.attrs().med, b.attrs().med);
        }

        @Override
        String value(Candidate c) {
            long as = c.attrs().neighbourAs;
            return "med " + c.attrs().med + " from AS " + (as == AttrSet.ABSENT ? "(own)" : Long.toString(as));
        }
    },
    /** eBGP-learned beats iBGP-learned. */
    EBGP_OVER_IBGP {
        @Override
        int compare(Candidate a, Candidate b) {
            return Boolean.compare(b.ebgp(), a.ebgp());
        }

        @Override
        String value(Candidate c) {
            return c.ebgp() ? "eBGP" : c.local() ? "local" : "iBGP";
        }
    },
    /** Lowest router id: ORIGINATOR_ID when present, else the peer's BGP identifier. */
    ROUTER_ID {
        @Override
        int compare(Candidate a, Candidate b) {
            return Long.compare(a.routerId(), b.routerId());
        }

        @Override
        String value(Candidate c) {
            String id = Prefix.ipv4((int) c.routerId(), 32).toString();
            return (c.attrs().originatorId != AttrSet.ABSENT ? "originator-id " : "router-id ")
                    + id.substring(0, id.length() - 3);
        }
    },
    /** Shortest CLUSTER_LIST (RFC 4456 §9). */
    CLUSTER_LIST_LENGTH {
        @Override
        int compare(Candidate a, Candidate b) {
            return Integer.compare(a.attrs().clusterListLength, b.attrs().clusterListLength);
        }

        @Override
        String value(Candidate c) {
            return "cluster-list length " + c.attrs().clusterListLength;
        }
    },
    /** Lowest peer address (IPv4 before IPv6, then unsigned bytes). */
    PEER_ADDRESS {
        @Override
        int compare(Candidate a, Candidate b) {
            return DecisionProcess.compareAddresses(a.peer().addressBytes, b.peer().addressBytes);
        }

        @Override
        String value(Candidate c) {
            return "peer " + c.peer().info.address().getHostAddress();
        }
    },
    /** Lowest add-path id (RFC 7911): the last tie-break between paths of one peer. */
    PATH_ID {
        @Override
        int compare(Candidate a, Candidate b) {
            return Integer.compareUnsigned(a.pathId(), b.pathId());
        }

        @Override
        String value(Candidate c) {
            return "path-id " + Integer.toUnsignedString(c.pathId());
        }
    };

    abstract int compare(Candidate a, Candidate b);

    /** The value this step compares, as the status CLI shows it. */
    abstract String value(Candidate c);

    /** True for the steps whose equality makes two paths multipath candidates. */
    public boolean multipathRelevant() {
        return compareTo(EBGP_OVER_IBGP) <= 0;
    }
}
