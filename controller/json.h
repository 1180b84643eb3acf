/* A JSON writer over gh_buf: escaping done here, once, for every caller. */
#ifndef GH_JSON_H
#define GH_JSON_H

#include <stdint.h>
#include "controller/util.h"

#define GH_JSON_DEPTH 16

struct gh_json {
	struct gh_buf *b;
	int depth;
	int count[GH_JSON_DEPTH];	/* members written at each level */
	int after_key;
};

void gh_json_init(struct gh_json *j, struct gh_buf *b);
void gh_json_obj(struct gh_json *j);
void gh_json_obj_end(struct gh_json *j);
void gh_json_arr(struct gh_json *j);
void gh_json_arr_end(struct gh_json *j);
void gh_json_key(struct gh_json *j, const char *key);
void gh_json_str(struct gh_json *j, const char *s);	/* NULL writes null */
void gh_json_int(struct gh_json *j, int64_t v);
void gh_json_bool(struct gh_json *j, int v);
void gh_json_null(struct gh_json *j);
/* Append already-valid JSON text as one value. */
void gh_json_raw(struct gh_json *j, const char *json);

/* key + value shorthands */
void gh_json_kstr(struct gh_json *j, const char *k, const char *v);
void gh_json_kint(struct gh_json *j, const char *k, int64_t v);
void gh_json_kbool(struct gh_json *j, const char *k, int v);

/* Append s as a quoted JSON string to b. */
void gh_json_quote(struct gh_buf *b, const char *s);

#endif
