# Fuzz targets (tests/fuzz/).  `make test` runs each through the replay driver, built
# with the sanitizers; `make fuzz` runs libFuzzer (clang) on them for FUZZ_SECONDS.
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_PN532_SRCS := tests/fuzz/pn532_frames.c $(EMU_CORE_SRCS)
FUZZ_SECONDS ?= 60

$(O)/tests/fuzz-pn532-replay: $(FUZZ_PN532_SRCS) tests/fuzz/replay.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		$(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(O)/fuzz/pn532: $(FUZZ_PN532_SRCS)
	$(call msg,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

fuzz: deps $(O)/fuzz/pn532 $(O)/fuzz/desfire $(O)/fuzz/form $(O)/fuzz/parsers $(O)/fuzz/settings
	@mkdir -p $(O)/fuzz/corpus-pn532 $(O)/fuzz/corpus-desfire $(O)/fuzz/corpus-form \
		$(O)/fuzz/corpus-parsers $(O)/fuzz/corpus-settings
	$(O)/fuzz/pn532 -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
		$(O)/fuzz/corpus-pn532 tests/fuzz/corpus/pn532
	$(O)/fuzz/desfire -max_total_time=$(FUZZ_SECONDS) -max_len=2048 \
		$(O)/fuzz/corpus-desfire tests/fuzz/corpus/desfire
	$(O)/fuzz/form -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		$(O)/fuzz/corpus-form tests/fuzz/corpus/form
	$(O)/fuzz/parsers -max_total_time=$(FUZZ_SECONDS) -max_len=8192 \
		$(O)/fuzz/corpus-parsers tests/fuzz/corpus/parsers
	$(O)/fuzz/settings -max_total_time=$(FUZZ_SECONDS) -max_len=2048 \
		$(O)/fuzz/corpus-settings tests/fuzz/corpus/settings

FUZZ_DESFIRE_SRCS := tests/fuzz/desfire_replies.c reader/desfire.c controller/sitekeys.c \
	controller/util.c

$(O)/tests/fuzz-desfire-replay: $(FUZZ_DESFIRE_SRCS) tests/fuzz/replay.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		$(FUZZ_SAN) -o $@ $^ $(NFC_LIBS) $(LDLIBS)

$(O)/fuzz/desfire: $(FUZZ_DESFIRE_SRCS)
	$(call msg,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $^ $(NFC_LIBS) $(LDLIBS)

FUZZ_FORM_SRCS := tests/fuzz/form_parse.c webui/form.c webui/escape.c controller/util.c

$(O)/tests/fuzz-form-replay: $(FUZZ_FORM_SRCS) tests/fuzz/replay.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		$(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(O)/fuzz/form: $(FUZZ_FORM_SRCS)
	$(call msg,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

FUZZ_PARSERS_SRCS := tests/fuzz/parsers.c controller/csv.c controller/schedule.c \
	controller/control.c controller/loop.c controller/util.c controller/timeutil.c \
	controller/relp.c

$(O)/tests/fuzz-parsers-replay: $(FUZZ_PARSERS_SRCS) tests/fuzz/replay.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		$(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(O)/fuzz/parsers: $(FUZZ_PARSERS_SRCS)
	$(call msg,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

EXTRA_ALL += $(O)/tests/fuzz-pn532-replay $(O)/tests/fuzz-desfire-replay \
	$(O)/tests/fuzz-form-replay $(O)/tests/fuzz-parsers-replay
.PHONY: fuzz

# Settings values through gh_setting_set, on a real (temporary) configuration database.
FUZZ_SETTINGS_SRCS := tests/fuzz/settings.c $(filter db/% controller/%,$(LIB_SRCS)) \
	webui/escape.c webui/ctl.c

$(O)/tests/fuzz-settings-replay: $(FUZZ_SETTINGS_SRCS) tests/fuzz/replay.c
	$(call msg,LD,$@)
	@mkdir -p $(dir $@)
	$(Q)$(CC) -std=gnu11 -Wall -Wextra -Werror -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		$(FUZZ_SAN) -o $@ $^ $(LDLIBS)

$(O)/fuzz/settings: $(FUZZ_SETTINGS_SRCS)
	$(call msg,FUZZ,$@)
	@mkdir -p $(dir $@)
	$(Q)clang -std=gnu11 -O1 -g -D_GNU_SOURCE -I. $(PKG_CFLAGS) \
		-fsanitize=fuzzer,address,undefined -o $@ $^ $(LDLIBS)

EXTRA_ALL += $(O)/tests/fuzz-settings-replay
