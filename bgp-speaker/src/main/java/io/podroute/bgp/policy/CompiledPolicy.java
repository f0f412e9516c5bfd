package io.podroute.bgp.policy;

import io.podroute.bgp.api.PeerInfo;
import io.podroute.bgp.api.RoutePolicy;
import io.podroute.bgp.codec.attribute.PathAttributes;
import io.podroute.bgp.codec.nlri.Prefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A validated {@link PolicySpec} turned into a {@link RoutePolicy}: the terms are tried in order, the
 * first whose conditions all hold decides (accept with its changes, or reject), and the default
 * verdict covers the rest. Evaluation allocates nothing unless a change really changes the attributes;
 * when nothing changes, {@link #apply} returns the very {@code attributes} instance it was given.
 *
 * <p>Policies are values: two compiled policies are equal when their resolved specs are equal (named
 * prefix lists replaced by their entries), so a change to a prefix list a policy uses makes the policy
 * unequal to its previous version. The session compares a peer's old and new import policy with
 * {@link Policies#changed} to decide whether to ask for a ROUTE-REFRESH. Immutable and thread-safe.
 */
public final class CompiledPolicy implements RoutePolicy {
    private final String name;
    private final PolicySpec spec;
    private final Term[] terms;
    private final boolean defaultAccept;

    private record Term(Condition[] conditions, Action[] actions, boolean accept) {}

    private CompiledPolicy(String name, PolicySpec spec, Term[] terms) {
        this.name = name;
        this.spec = spec;
        this.terms = terms;
        this.defaultAccept = spec.defaultAction() == Verdict.ACCEPT;
    }

    /**
     * Compiles a policy that uses no named prefix lists.
     *
     * @throws PolicyConfigException naming the first invalid field, under {@code policies.<name>}
     */
    public static CompiledPolicy compile(String name, PolicySpec spec) {
        return compile(name, spec, Map.of());
    }

    /**
     * Compiles {@code spec}, resolving named prefix lists in {@code prefixLists}.
     *
     * @throws PolicyConfigException naming the first invalid field, under {@code policies.<name>}
     */
    public static CompiledPolicy compile(String name, PolicySpec spec, Map<String, List<PrefixListEntry>> prefixLists) {
        String base = "policies." + name;
        if (spec == null) {
            throw new PolicyConfigException(base, "empty policy");
        }
        List<PolicyTerm> resolved = new ArrayList<>();
        Term[] terms = new Term[spec.terms().size()];
        for (int i = 0; i < terms.length; i++) {
            String at = base + ".terms[" + i + "]";
            PolicyTerm t = spec.terms().get(i);
            if (t == null) {
                throw new PolicyConfigException(at, "empty term");
            }
            PrefixListRef ref = resolve(t.match().prefixList(), prefixLists, at + ".match.prefixList");
            MatchSpec match = new MatchSpec(
                    ref,
                    t.match().asPathLengthMin(),
                    t.match().asPathLengthMax(),
                    t.match().asPathContains(),
                    t.match().neighborAs(),
                    t.match().communities(),
                    t.match().largeCommunities());
            resolved.add(new PolicyTerm(t.name(), match, t.set(), t.action()));
            terms[i] = compileTerm(t, ref, at);
        }
        return new CompiledPolicy(name, new PolicySpec(resolved, spec.defaultAction()), terms);
    }

    private static PrefixListRef resolve(PrefixListRef ref, Map<String, List<PrefixListEntry>> lists, String at) {
        if (ref == null) {
            return null;
        }
        boolean named = ref.name() != null;
        if (named && !ref.entries().isEmpty()) {
            throw new PolicyConfigException(at, "give either name or entries, not both");
        }
        if (!named && ref.entries().isEmpty()) {
            throw new PolicyConfigException(at, "give the name of a list under prefixLists, or entries");
        }
        if (!named) {
            return ref;
        }
        List<PrefixListEntry> entries = lists.get(ref.name());
        if (entries == null) {
            throw new PolicyConfigException(at + ".name", "no prefix list '" + ref.name() + "' under prefixLists");
        }
        if (entries.isEmpty()) {
            throw new PolicyConfigException("prefixLists." + ref.name(), "an empty prefix list matches nothing");
        }
        return new PrefixListRef(ref.name(), entries);
    }

    private static Term compileTerm(PolicyTerm t, PrefixListRef ref, String at) {
        List<Condition> conditions = new ArrayList<>();
        if (ref != null) {
            String listPath = ref.name() == null ? at + ".match.prefixList.entries" : "prefixLists." + ref.name();
            conditions.add(Condition.prefixList(PrefixMatcher.compile(ref.entries(), listPath)));
        }
        conditions.addAll(TermCompiler.conditions(t.match(), at + ".match"));
        boolean accept = t.action() == Verdict.ACCEPT;
        if (!accept && !t.set().changesNothing()) {
            throw new PolicyConfigException(at + ".set", "a term with action reject cannot change attributes");
        }
        List<Action> actions = TermCompiler.actions(t.set(), at + ".set");
        return new Term(conditions.toArray(new Condition[0]), actions.toArray(new Action[0]), accept);
    }

    @Override
    public PathAttributes apply(Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        for (Term term : terms) {
            if (matches(term.conditions, prefix, attributes, peer)) {
                if (!term.accept) {
                    return null;
                }
                PathAttributes out = attributes;
                for (Action a : term.actions) {
                    out = a.apply(out, peer);
                }
                return out;
            }
        }
        return defaultAccept ? attributes : null;
    }

    /** Names the rule that rejects the route: {@code policy tor-in terms[2] (reject)} or the default. */
    @Override
    public String explainRejection(Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        for (int i = 0; i < terms.length; i++) {
            if (matches(terms[i].conditions, prefix, attributes, peer)) {
                String term = "policy " + name + " term " + termName(i);
                return terms[i].accept ? term + " accepts it" : "rejected by " + term + " (action reject)";
            }
        }
        return defaultAccept
                ? "policy " + name + " accepts it by default"
                : "rejected by policy " + name + ": no term matched, default action reject";
    }

    private String termName(int i) {
        String n = i < spec.terms().size() ? spec.terms().get(i).name() : null;
        return n == null ? "terms[" + i + "]" : "'" + n + "' (terms[" + i + "])";
    }

    private static boolean matches(Condition[] conditions, Prefix prefix, PathAttributes attributes, PeerInfo peer) {
        for (Condition c : conditions) {
            if (!c.test(prefix, attributes, peer)) {
                return false;
            }
        }
        return true;
    }

    /** The name the policy was compiled under. */
    public String name() {
        return name;
    }

    /** The spec with named prefix lists resolved to their entries (a term's list keeps its name). */
    public PolicySpec spec() {
        return spec;
    }

    /** Equal when the resolved specs are equal; the name is a label and does not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CompiledPolicy p && spec.equals(p.spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    @Override
    public String toString() {
        return "policy " + name + " (" + spec.terms().size() + " terms, default "
                + spec.defaultAction().label() + ")";
    }
}
