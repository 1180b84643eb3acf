#!/bin/sh
# Run every test: the CUnit runner, then the end-to-end scripts under tests/e2e/.
# Prints CUnit's summary and a closing "N passed, N failed" line; exits non-zero on failure.
set -u
O=${1:-build}
GH_BUILD_DIR=$(cd "$O" && pwd)
export GH_BUILD_DIR
passed=0
failed=0

log=$(mktemp)
trap 'rm -f "$log"' EXIT
{ "$GH_BUILD_DIR/tests/unit-tests"; echo "rc=$?" > "$log.rc"; } | tee "$log"
rc=$(sed -n 's/^rc=//p' "$log.rc")
rm -f "$log.rc"
# Count CUnit's tests one by one, the end-to-end scripts one each.
line=$(grep '^unit-tests: ' "$log" | tail -n 1)
up=$(echo "$line" | sed -n 's/^unit-tests: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
uf=$(echo "$line" | sed -n 's/^unit-tests: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
passed=${up:-0}
failed=${uf:-0}
if [ $rc -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; echo "FAILED: unit-tests (exit $rc)"; fi

for t in tests/e2e/*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	if sh "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done

echo "tests: $passed passed, $failed failed"
[ $failed -eq 0 ]
