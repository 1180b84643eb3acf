BENCHES += bench-decide
bench-decide_SRCS := bench/decide.c
