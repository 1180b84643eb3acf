# The web service (webui/): its building blocks are in the core library; the server
# program links libmicrohttpd.
LIB_SRCS += webui/tlsgen.c
LIB_SRCS += webui/session.c
