PROGRAMS += gatehouse-door-sim
gatehouse-door-sim_SRCS := hardware/doorsim/main.c

# The PN532 emulator (hardware/pn532emu/): a reader for tests and the demo.  Its
# protocol core and virtual DESFire card are also unit-tested and fuzzed on their own.
EMU_CORE_SRCS := $(filter-out hardware/pn532emu/main.c,$(sort $(wildcard hardware/pn532emu/*.c)))
PROGRAMS += gatehouse-pn532-emu
gatehouse-pn532-emu_SRCS := hardware/pn532emu/main.c $(EMU_CORE_SRCS)
TEST_SRCS += $(EMU_CORE_SRCS)
