TEST_SRCS += tests/runner.c tests/testutil.c $(sort $(wildcard tests/test_*.c))
include tests/fuzz/module.mk
