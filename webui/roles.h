/* Roles and what they allow (R-LEAST-PRIVILEGE): one table, checked on the server for
 * every request.
 *
 *   action                     guard officer admin auditor
 *   read site state, people      x      x      x      x
 *   read the access journal      x      x             x
 *   export (CSV, reports)               x             x
 *   read the rights audit trail         x      x      x
 *   people, visitors, escorts    x      x
 *   enroll badges, report lost   x      x
 *   acknowledge alarms           x      x
 *   grant private/sensitive             x
 *   zones, doors, schedules,            x
 *     profiles
 *   unlock doors, change modes          x
 *   sign reviews                        x
 *   manage operators                           x
 *
 * Admins manage operators but cannot grant access or write anything in the journal;
 * auditors read and export and change nothing.  Incompatible roles on one account
 * are refused: by default admin+officer, officer+auditor, admin+auditor. */
#ifndef GH_WEB_ROLES_H
#define GH_WEB_ROLES_H

enum {
	WEB_ROLE_GUARD = 1, WEB_ROLE_OFFICER = 2, WEB_ROLE_ADMIN = 4, WEB_ROLE_AUDITOR = 8,
};

enum web_action {
	WEB_ACT_READ, WEB_ACT_EVENTS_READ, WEB_ACT_EXPORT, WEB_ACT_AUDIT_READ,
	WEB_ACT_PERSON_WRITE, WEB_ACT_BADGE_ENROLL, WEB_ACT_ALARM_ACK,
	WEB_ACT_GRANT_ACCESS, WEB_ACT_SITE_WRITE, WEB_ACT_DOOR_UNLOCK, WEB_ACT_MODE_CHANGE,
	WEB_ACT_REVIEW_SIGN, WEB_ACT_OPERATOR_MANAGE,
	WEB_ACT_COUNT
};

/* "guard,officer" -> bits.  0, or -1 with *why (unknown or repeated role, empty). */
int web_roles_parse(const char *s, unsigned *roles, const char **why);
/* Does any of the roles allow the action? */
int web_allowed(unsigned roles, enum web_action a);
/* The action's name (for messages and tests). */
const char *web_action_name(enum web_action a);
/* Are the roles compatible?  pairs: "admin+officer,officer+auditor,..." (NULL: the
 * default).  0, or -1 with *why (an incompatible pair, or a bad pairs setting). */
int web_roles_compatible(unsigned roles, const char *pairs, const char **why);

#endif
