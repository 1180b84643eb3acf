# The reader driver links libnfc: it is not in the core library, programs that run
# readers list it in their sources.
READER_SRCS := reader/reader.c reader/desfire.c
gatehouse-controller_SRCS += $(READER_SRCS)
gatehouse-controller_LIBS += $(NFC_LIBS)
bench-tap_SRCS += $(READER_SRCS)
# The secure badge code is unit-tested against the virtual DESFire card.
TEST_SRCS += reader/desfire.c
TEST_LIBS += $(NFC_LIBS)
