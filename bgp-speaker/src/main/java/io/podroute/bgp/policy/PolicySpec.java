package io.podroute.bgp.policy;

import java.util.List;

/**
 * A named import or export policy: terms in order, then {@code defaultAction} for routes no term
 * matched ({@code reject} when not given, so that a policy never lets through more than it says).
 *
 * @param terms the terms, tried in order; the first match decides
 * @param defaultAction the verdict when no term matches; {@code reject} when null
 */
public record PolicySpec(List<PolicyTerm> terms, Verdict defaultAction) {
    public PolicySpec {
        terms = terms == null ? List.of() : List.copyOf(terms);
        defaultAction = defaultAction == null ? Verdict.REJECT : defaultAction;
    }
}
