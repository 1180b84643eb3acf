#!/bin/sh
# Run every test: the CUnit runner, then the end-to-end scripts under tests/e2e/.
# Prints CUnit's summary and a closing "N passed, N failed" line; exits non-zero on failure.
set -u
O=${1:-build}
GH_BUILD_DIR=$(cd "$O" && pwd)
export GH_BUILD_DIR
passed=0
failed=0

"$GH_BUILD_DIR/tests/unit-tests"
rc=$?
if [ $rc -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: unit-tests (exit $rc)"; fi

for t in tests/e2e/*.sh; do
	[ -e "$t" ] || continue
	echo "== $t"
	if sh "$t"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done

echo "test programs: $passed passed, $failed failed"
[ $failed -eq 0 ]
