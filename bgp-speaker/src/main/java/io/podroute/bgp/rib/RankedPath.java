package io.podroute.bgp.rib;

/**
 * One candidate of {@link Rib#explain}: its rank (0 is the best path), whether it is in the ECMP set,
 * and the decision step (with the compared values) that put the path ranked just above it ahead of
 * it. Step and reason are null for the best path; step is null with reason "equal" if no step told
 * the two apart.
 */
public record RankedPath(int rank, Route route, boolean multipath, DecisionStep step, String reason) {}
