/* Web sessions; see session.h. */
#include "webui/session.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static struct web_session table[WEB_SESSIONS_MAX];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static int
live(const struct web_session *s, int64_t now)
{
	return s->id[0] && now - s->seen < WEB_IDLE_US && now - s->created < WEB_ABSOLUTE_US;
}

static void
random_hex(char out[WEB_SID_LEN + 1])
{
	unsigned char b[WEB_SID_LEN / 2];
	randombytes_buf(b, sizeof b);
	sodium_bin2hex(out, WEB_SID_LEN + 1, b, sizeof b);
	sodium_memzero(b, sizeof b);
}

int
web_session_new(const char *operator_, const char *roles, int64_t now,
    struct web_session *out)
{
	int rc = -1;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < WEB_SESSIONS_MAX; i++) {
		struct web_session *s = &table[i];
		if (live(s, now))
			continue;
		sodium_memzero(s, sizeof *s);
		random_hex(s->id);
		random_hex(s->csrf);
		snprintf(s->operator_, sizeof s->operator_, "%s", operator_ ? operator_ : "");
		snprintf(s->roles, sizeof s->roles, "%s", roles ? roles : "");
		s->created = s->seen = now;
		*out = *s;
		rc = 0;
		break;
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

static struct web_session *
find(const char *id)
{
	if (id == NULL || strlen(id) != WEB_SID_LEN)
		return NULL;
	for (int i = 0; i < WEB_SESSIONS_MAX; i++)
		if (table[i].id[0] && sodium_memcmp(table[i].id, id, WEB_SID_LEN) == 0)
			return &table[i];
	return NULL;
}

int
web_session_get(const char *id, int64_t now, struct web_session *out)
{
	int rc = -1;
	pthread_mutex_lock(&lock);
	struct web_session *s = find(id);
	if (s != NULL && live(s, now)) {
		s->seen = now;
		*out = *s;
		rc = 0;
	} else if (s != NULL) {
		sodium_memzero(s, sizeof *s);
	}
	pthread_mutex_unlock(&lock);
	return rc;
}

void
web_session_set_lang(const char *id, const char *lang)
{
	pthread_mutex_lock(&lock);
	struct web_session *s = find(id);
	if (s != NULL)
		snprintf(s->lang, sizeof s->lang, "%s", lang ? lang : "");
	pthread_mutex_unlock(&lock);
}

void
web_session_end(const char *id)
{
	pthread_mutex_lock(&lock);
	struct web_session *s = find(id);
	if (s != NULL)
		sodium_memzero(s, sizeof *s);
	pthread_mutex_unlock(&lock);
}

void
web_session_end_operator(const char *operator_)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < WEB_SESSIONS_MAX; i++)
		if (table[i].id[0] && strcmp(table[i].operator_, operator_) == 0)
			sodium_memzero(&table[i], sizeof table[i]);
	pthread_mutex_unlock(&lock);
}

int
web_csrf_ok(const struct web_session *s, const char *token)
{
	return token != NULL && strlen(token) == WEB_SID_LEN &&
	    sodium_memcmp(s->csrf, token, WEB_SID_LEN) == 0;
}

int
web_session_count(int64_t now)
{
	int n = 0;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < WEB_SESSIONS_MAX; i++)
		n += live(&table[i], now);
	pthread_mutex_unlock(&lock);
	return n;
}
