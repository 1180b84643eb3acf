# The web service (webui/): its building blocks are in the core library; the server
# program links libmicrohttpd.  Pages (webui/page_*.c) register themselves and carry
# their message catalogues; they are linked as objects so that their registrations run.
LIB_SRCS += webui/tlsgen.c
LIB_SRCS += webui/session.c
LIB_SRCS += webui/ctl.c


WEB_PAGE_SRCS := webui/layout.c webui/static.c $(sort $(wildcard webui/page_*.c))

PROGRAMS += gatehouse-web
gatehouse-web_SRCS := webui/main.c webui/http.c webui/pages.c webui/events.c webui/pageutil.c \
	$(WEB_PAGE_SRCS)
gatehouse-web_LIBS := $(shell pkg-config --libs libmicrohttpd libqrencode 2>/dev/null || echo -lmicrohttpd -lqrencode)
LIB_SRCS += webui/escape.c webui/form.c webui/password.c webui/totp.c webui/roles.c webui/validate.c
LIB_SRCS += webui/i18n.c
