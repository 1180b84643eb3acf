LIB_SRCS += $(sort $(wildcard db/*.c))
