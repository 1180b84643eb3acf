# The reader driver links libnfc: it is not in the core library, programs that run
# readers list it in their sources.
READER_SRCS := reader/reader.c
gatehouse-controller_SRCS += $(READER_SRCS)
gatehouse-controller_LIBS += $(NFC_LIBS)
