PROGRAMS += gatehouse-door-sim
gatehouse-door-sim_SRCS := hardware/doorsim/main.c

# The PN532 emulator (hardware/pn532emu/): a reader for tests and the demo.  Its
# protocol core and virtual DESFire card are also unit-tested and fuzzed on their own.
EMU_CORE_SRCS := $(filter-out hardware/pn532emu/main.c,$(sort $(wildcard hardware/pn532emu/*.c)))
PROGRAMS += gatehouse-pn532-emu
gatehouse-pn532-emu_SRCS := hardware/pn532emu/main.c $(EMU_CORE_SRCS)
TEST_SRCS += $(EMU_CORE_SRCS)

# Door I/O (hardware/doorio/): the debounce is pure and in the core library; the
# drivers (the simulator's socket, libgpiod) are linked by the controller and the tests.
LIB_SRCS += hardware/doorio/debounce.c
DOORIO_SRCS := hardware/doorio/doorio.c hardware/doorio/sim.c hardware/doorio/gpiod.c
DOORIO_LIBS := $(shell pkg-config --libs libgpiod 2>/dev/null || echo -lgpiod)
gatehouse-controller_SRCS += $(DOORIO_SRCS)
gatehouse-controller_LIBS += $(DOORIO_LIBS)
TEST_SRCS += $(DOORIO_SRCS)
TEST_LIBS += $(DOORIO_LIBS)
