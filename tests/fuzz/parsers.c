/* Fuzz target for the text parsers that take outside input: CSV import records, schedule
 * windows (`--window "mon-fri 08:00-18:00"`), control-socket lines, the central log
 * server's RELP answers.  The first byte of the input picks the parser (0xF0 and above:
 * RELP, else its value modulo 3); the rest is its text.  Nothing may crash, over-read,
 * or hand back a result outside its bounds. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "controller/control.h"
#include "controller/csv.h"
#include "controller/forward.h"
#include "controller/schedule.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	char *text = malloc(size);
	if (text == NULL)
		return 0;
	memcpy(text, data + 1, size - 1);
	text[size - 1] = '\0';
	const char *why;
	if (data[0] >= 0xF0) {
		/* RELP answers: exactly the bytes received, no terminator after them. */
		char *frame = malloc(size - 1 ? size - 1 : 1);
		if (frame != NULL) {
			memcpy(frame, data + 1, size - 1);
			struct gh_relp_frame fr;
			long n = gh_relp_parse(frame, size - 1, &fr);
			if (n < -1 || n > (long)(size - 1) || (n > 0 && (fr.datalen >
			    GH_RELP_DATA_MAX || (fr.data != NULL && (fr.data < frame ||
			    fr.data + fr.datalen > frame + n)))))
				__builtin_trap();
			free(frame);
		}
		free(text);
		return 0;
	}
	switch (data[0] % 3) {
	case 0: {
		struct gh_csv c;
		struct gh_csv_record r;
		gh_csv_init(&c, text, size - 1);
		int rc, n = 0;
		while ((rc = gh_csv_next(&c, &r, &why)) != 0 && n++ < 10000)
			if (rc == 1 && (r.nfields < 0 || r.nfields > GH_CSV_MAX_FIELDS))
				__builtin_trap();
		gh_csv_free(&c);
		break;
	}
	case 1: {
		struct gh_window w;
		if (gh_window_parse(text, &w, &why) == 0 &&
		    (w.start_min < 0 || w.start_min > 1439 || w.end_min < 1 || w.end_min > 1440 ||
		    w.days == 0 || w.days > 0x7F))
			__builtin_trap();
		break;
	}
	default: {
		static struct gh_ctl_req q;
		if (gh_ctl_parse(text, &q, &why) == 0 &&
		    (q.argc < 0 || q.argc > GH_CTL_MAX_WORDS))
			__builtin_trap();
		break;
	}
	}
	free(text);
	return 0;
}
