/* Roles; see roles.h. */
#include "webui/roles.h"

#include <stdio.h>
#include <string.h>

#define G WEB_ROLE_GUARD
#define O WEB_ROLE_OFFICER
#define A WEB_ROLE_ADMIN
#define U WEB_ROLE_AUDITOR

static const struct {
	const char *name;
	unsigned roles;
} matrix[WEB_ACT_COUNT] = {
	[WEB_ACT_READ] = { "read", G | O | A | U },
	[WEB_ACT_EVENTS_READ] = { "events-read", G | O | U },
	[WEB_ACT_EXPORT] = { "export", O | U },
	[WEB_ACT_AUDIT_READ] = { "audit-read", O | A | U },
	[WEB_ACT_PERSON_WRITE] = { "person-write", G | O },
	[WEB_ACT_BADGE_ENROLL] = { "badge-enroll", G | O },
	[WEB_ACT_ALARM_ACK] = { "alarm-ack", G | O },
	[WEB_ACT_GRANT_ACCESS] = { "grant-access", O },
	[WEB_ACT_SITE_WRITE] = { "site-write", O },
	[WEB_ACT_DOOR_UNLOCK] = { "door-unlock", O },
	[WEB_ACT_MODE_CHANGE] = { "mode-change", O },
	[WEB_ACT_REVIEW_SIGN] = { "review-sign", O },
	[WEB_ACT_OPERATOR_MANAGE] = { "operator-manage", A },
};

static const struct {
	const char *name;
	unsigned bit;
} roles[] = { { "guard", G }, { "officer", O }, { "admin", A }, { "auditor", U } };

static int
role_bit(const char *s, size_t n, unsigned *bit)
{
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
		if (strlen(roles[i].name) == n && strncmp(roles[i].name, s, n) == 0) {
			*bit = roles[i].bit;
			return 0;
		}
	return -1;
}

int
web_roles_parse(const char *s, unsigned *out, const char **why)
{
	const char *w;
	*out = 0;
	if (s == NULL || *s == '\0') {
		w = "no role";
		goto bad;
	}
	while (*s) {
		size_t n = strcspn(s, ",");
		unsigned bit;
		if (role_bit(s, n, &bit) != 0) {
			w = "unknown role (guard, officer, admin, auditor)";
			goto bad;
		}
		if (*out & bit) {
			w = "a role given twice";
			goto bad;
		}
		*out |= bit;
		s += n;
		if (*s == ',' && *++s == '\0') {
			w = "empty role";
			goto bad;
		}
	}
	return 0;
bad:
	if (why)
		*why = w;
	*out = 0;
	return -1;
}

int
web_allowed(unsigned r, enum web_action a)
{
	return a >= 0 && a < WEB_ACT_COUNT && (matrix[a].roles & r) != 0;
}

const char *
web_action_name(enum web_action a)
{
	return a >= 0 && a < WEB_ACT_COUNT ? matrix[a].name : "?";
}

int
web_roles_compatible(unsigned r, const char *pairs, const char **why)
{
	if (pairs == NULL)
		pairs = "admin+officer,officer+auditor,admin+auditor";
	const char *s = pairs;
	while (*s) {
		size_t n = strcspn(s, ","), plus;
		const char *p = memchr(s, '+', n);
		unsigned a, b;
		if (p == NULL || (plus = (size_t)(p - s)) == 0 || role_bit(s, plus, &a) != 0 ||
		    role_bit(p + 1, n - plus - 1, &b) != 0) {
			*why = "bad incompatible-roles setting (ROLE+ROLE,...)";
			return -1;
		}
		if ((r & a) && (r & b)) {
			*why = "incompatible roles on one account";
			return -1;
		}
		s += n;
		if (*s == ',')
			s++;
	}
	return 0;
}
