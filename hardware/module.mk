PROGRAMS += gatehouse-door-sim
gatehouse-door-sim_SRCS := hardware/doorsim/main.c

# The PN532 emulator (hardware/pn532emu/): a reader for tests and the demo.
ifneq ($(wildcard hardware/pn532emu/main.c),)
PROGRAMS += gatehouse-pn532-emu
gatehouse-pn532-emu_SRCS := $(sort $(wildcard hardware/pn532emu/*.c))
endif
# The virtual DESFire card is unit-tested on its own.
TEST_SRCS += $(wildcard hardware/pn532emu/desfire*.c)
