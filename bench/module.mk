BENCHES += bench-decide
bench-decide_SRCS := bench/decide.c

BENCHES += bench-tap
bench-tap_SRCS := bench/tap.c
bench-tap_LIBS := $(NFC_LIBS)

BENCHES += bench-journal
bench-journal_SRCS := bench/journal.c

BENCHES += bench-report-fill
bench-report-fill_SRCS := bench/report_fill.c
