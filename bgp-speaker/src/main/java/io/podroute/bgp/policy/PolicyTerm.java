package io.podroute.bgp.policy;

/**
 * One term of a policy. Terms are tried in order; the first whose {@code match} holds decides: with
 * {@code action: accept} its {@code set} changes are applied and the route is accepted, with
 * {@code action: reject} the route is rejected. Later terms are not consulted (there is no
 * "continue"); a route no term matches gets the policy's {@code defaultAction}.
 *
 * @param name a label for logs and error paths, optional
 * @param match the conditions; null matches every route
 * @param set the changes of an accepting term; null changes nothing; not allowed with reject
 * @param action {@code accept} (the default when null) or {@code reject}
 */
public record PolicyTerm(String name, MatchSpec match, SetSpec set, Verdict action) {
    public PolicyTerm {
        match = match == null ? MatchSpec.ANY : match;
        set = set == null ? SetSpec.NONE : set;
        action = action == null ? Verdict.ACCEPT : action;
    }

    public static PolicyTerm accept(String name, MatchSpec match, SetSpec set) {
        return new PolicyTerm(name, match, set, Verdict.ACCEPT);
    }

    public static PolicyTerm reject(String name, MatchSpec match) {
        return new PolicyTerm(name, match, null, Verdict.REJECT);
    }
}
