#!/usr/bin/env bash
# Fails when a test class of the reactor has no surefire report: a forked test JVM that ends early
# (killed, or its command channel broken) can leave surefire printing "BUILD SUCCESS" with fewer tests
# than exist. Every top-level, non-abstract class named *Test, *Tests, *Properties or *IT under
# MODULE/src/test/java must have MODULE/target/surefire-reports/TEST-<class>.xml.
#   ops/check-test-reports.sh [MODULE...]      (default: every module with tests)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
modules=("$@")
if ((${#modules[@]} == 0)); then
  for d in */src/test/java; do modules+=("${d%%/*}"); done
fi
missing=()
for m in "${modules[@]}"; do
  while IFS= read -r f; do
    grep -qE '^(public )?(final )?abstract class ' "$f" && continue
    grep -q '@Test\|@Property\|@FuzzTest\|@ParameterizedTest' "$f" || continue
    class="${f#"$m"/src/test/java/}"
    class="${class%.java}"
    class="${class//\//.}"
    [[ -f "$m/target/surefire-reports/TEST-$class.xml" ]] || missing+=("$m: $class")
  done < <(find "$m/src/test/java" -type f \( -name '*Test.java' -o -name '*Tests.java' -o -name '*Properties.java' -o -name '*IT.java' \))
done
if ((${#missing[@]})); then
  echo "ops/check-test-reports.sh: FAILED: ${#missing[@]} test class(es) did not run (no surefire report):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 1
fi
echo "ops/check-test-reports.sh: every test class of ${modules[*]} has a report"
