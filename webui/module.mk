# The web service (webui/): its building blocks are in the core library; the server
# program links libmicrohttpd.
LIB_SRCS += webui/tlsgen.c
LIB_SRCS += webui/session.c
LIB_SRCS += webui/ctl.c
LIB_SRCS += webui/static.c

PROGRAMS += gatehouse-web
gatehouse-web_SRCS := webui/main.c webui/http.c webui/pages.c webui/events.c
gatehouse-web_LIBS := $(shell pkg-config --libs libmicrohttpd libqrencode 2>/dev/null || echo -lmicrohttpd -lqrencode)
LIB_SRCS += webui/escape.c webui/form.c webui/password.c webui/totp.c webui/roles.c webui/validate.c
