# Shared by the JVM benchmark scripts (sourced, not run). bench_classpath CHECK...:
# builds bgp-speaker's main and test classes (formatting is the test run's gate, not the benchmark's,
# so it is not checked), copies target/classes and target/test-classes to a private snapshot (other
# builds may share this working tree and rewrite target/ mid-run), checks that every CHECK path
# (relative to the snapshot) exists — building once more if a concurrent build removed them — and sets
# bench_cp to the classpath to run from. The snapshot is removed when the script exits.

bench_classpath() {
    bench_snap="$(mktemp -d)"
    trap 'rm -rf "$bench_snap"' EXIT
    local attempt check ok
    for attempt in 1 2; do
        mvn -q -B -pl bgp-speaker -am test-compile -DskipTests -Dspotless.check.skip=true
        rm -rf "$bench_snap/classes" "$bench_snap/test-classes"
        ok=1
        cp -r bgp-speaker/target/classes bgp-speaker/target/test-classes "$bench_snap/" 2>/dev/null || ok=0
        for check in "$@"; do
            [ -e "$bench_snap/$check" ] || ok=0
        done
        [ "$ok" = 1 ] && break
        echo "$(basename "$0"): benchmark classes missing after the build (a concurrent build?)" >&2
        [ "$attempt" = 2 ] && return 1
    done
    mvn -q -B -pl bgp-speaker dependency:build-classpath -Dmdep.includeScope=test \
        -Dmdep.outputFile="$bench_snap/classpath.txt"
    bench_cp="$bench_snap/test-classes:$bench_snap/classes:$(cat "$bench_snap/classpath.txt")"
}
