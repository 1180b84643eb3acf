# Gatehouse build.  `make` builds everything, `make test` runs the suite,
# `make run` starts the demo site.  O=DIR moves the build, V=1 shows commands.
# Each directory adds its sources in its own module.mk.

.DEFAULT_GOAL := all
O ?= build
V ?= 0
CC ?= cc
OPT ?= -O2 -g
PKGS := sqlite3 libsodium gnutls nettle

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) cunit libnfc 2>/dev/null)
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
NFC_LIBS := $(shell pkg-config --libs libnfc 2>/dev/null)
TEST_LIBS := $(shell pkg-config --libs cunit 2>/dev/null)

CFLAGS := -std=gnu11 -Wall -Wextra -Werror $(OPT) -MMD -MP -D_GNU_SOURCE -I. \
	-DGH_BUILD_DIR='"$(abspath $(O))"' -DGH_SOURCE_DIR='"$(CURDIR)"' $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDFLAGS += $(EXTRA_LDFLAGS)
LDLIBS := $(PKG_LIBS) -lpthread -lm

ifeq ($(V),1)
Q :=
msg = @true
else
Q := @
msg = @printf '  %-6s %s\n' $(1) $(2)
endif

# Filled by the module.mk files.
LIB_SRCS :=
PROGRAMS :=
TEST_SRCS :=
BENCHES :=
EXTRA_ALL :=

include $(sort $(wildcard */module.mk))

LIB := $(O)/libgatehouse.a
LIB_OBJS := $(LIB_SRCS:%.c=$(O)/%.o)
TEST_OBJS := $(TEST_SRCS:%.c=$(O)/%.o)
TEST_BIN := $(O)/tests/unit-tests

all: $(addprefix $(O)/bin/,$(PROGRAMS)) $(TEST_BIN) $(EXTRA_ALL)

$(O)/%.o: %.c
	$(call msg,CC,$<)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS) -c -o $@ $<

$(LIB): $(LIB_OBJS)
	$(call msg,AR,$@)
	@mkdir -p $(dir $@)
	$(Q)rm -f $@ && ar rcs $@ $^

# One program: $(1) name; sources in $(1)_SRCS, extra libraries in $(1)_LIBS.
define program_rule
$(O)/bin/$(1): $$($(1)_SRCS:%.c=$(O)/%.o) $(LIB)
	$$(call msg,LD,$$@)
	@mkdir -p $$(dir $$@)
	$$(Q)$$(CC) $$(LDFLAGS) -o $$@ $$^ $$($(1)_LIBS) $$(LDLIBS)
endef
$(foreach p,$(PROGRAMS) $(BENCHES),$(eval $(call program_rule,$(p))))

$(TEST_BIN): $(TEST_OBJS) $(LIB)
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(TEST_LIBS) $(LDLIBS)

deps:
	@./scripts/deps.sh

test: deps
	@$(MAKE) --no-print-directory all
	@$(MAKE) --no-print-directory asan-unit
	@./scripts/run-tests.sh $(O)

# The long variants: many power-cut cycles, ten minutes of fuzzing, a two-minute soak.
test-long: deps
	@$(MAKE) --no-print-directory all
	@GH_BUILD_DIR=$(abspath $(O)) CYCLES=200 sh tests/e2e/power_cut.sh
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=600
	@$(MAKE) --no-print-directory soak SOAK_MINUTES=2

# The whole site under load for SOAK_MINUTES (bench/soak.sh): memory, descriptors,
# journal rows each minute; no lost event; verify at the end.
SOAK_MINUTES ?= 60
soak: deps
	@$(MAKE) --no-print-directory all
	@SOAK_MINUTES=$(SOAK_MINUTES) sh bench/soak.sh $(O)

ASAN_MAKE = $(MAKE) --no-print-directory O=$(O)-asan OPT='-O1 -g -fno-omit-frame-pointer' \
	EXTRA_CFLAGS='-fsanitize=address,undefined -fno-sanitize-recover=all' \
	EXTRA_LDFLAGS='-fsanitize=address,undefined'

asan:
	@./scripts/deps.sh
	@$(ASAN_MAKE) all
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		./scripts/run-tests.sh $(O)-asan

# The cheap part of `make asan`, run by `make test`: the unit suites (library and
# tests) built with AddressSanitizer and UBSan in $(O)-asan; the programs they start
# are the ordinary build's.  A memory error or a leak fails the target.
asan-unit:
	@$(ASAN_MAKE) $(O)-asan/tests/unit-tests
	@echo "== unit-tests under AddressSanitizer and UBSan ($(O)-asan)"
	@GH_BUILD_DIR=$(abspath $(O)) ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 $(O)-asan/tests/unit-tests \
		>$(O)-asan/unit-tests.log 2>&1; rc=$$?; grep '^unit-tests: ' $(O)-asan/unit-tests.log; \
		[ $$rc -eq 0 ] || { tail -n 60 $(O)-asan/unit-tests.log; echo "FAILED: unit-tests under the sanitizers"; exit 1; }

bench: deps
	@$(MAKE) --no-print-directory $(addprefix $(O)/bin/,$(BENCHES) $(PROGRAMS))
	@./scripts/run-bench.sh $(O)

run: deps
	@$(MAKE) --no-print-directory all
	@./scripts/demo.sh $(O)

clean:
	rm -rf $(O) $(O)-asan

.PHONY: all deps test test-long soak asan asan-unit bench run clean
.DELETE_ON_ERROR:

-include $(shell find $(O) -name '*.d' 2>/dev/null)
