LIB_SRCS += controller/util.c controller/json.c controller/door.c controller/loop.c controller/control.c controller/alarm.c controller/bruteforce.c controller/auditcopy.c controller/policy.c controller/clock.c

PROGRAMS += gatehouse
gatehouse_SRCS := $(sort $(wildcard controller/cli/*.c))

LIB_SRCS += controller/rights.c controller/review.c
LIB_SRCS += controller/timeutil.c controller/schedule.c controller/csv.c controller/sitekeys.c controller/forward.c controller/relp.c

PROGRAMS += gatehouse-controller
gatehouse-controller_SRCS := $(sort $(wildcard controller/daemon/*.c))
