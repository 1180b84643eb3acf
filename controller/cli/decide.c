/* gatehouse decide: a dry run of the decision engine; writes nothing. */
#include "controller/cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "controller/json.h"
#include "controller/policy.h"
#include "controller/timeutil.h"

int
cmd_decide(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "door", required_argument, NULL, 'd' },
		{ "badge", required_argument, NULL, 'b' },
		{ "escort", required_argument, NULL, 'e' },
		{ "reader", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 'a' },
		{ "mode", required_argument, NULL, 'm' },
		{ "inside", no_argument, NULL, 'i' },
		{ "occupancy", required_argument, NULL, 'o' },
		{ "refusals", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct access_request req = { 0 };
	struct site_state st = { .mode = SITE_NORMAL };
	const char *at = NULL;
	int json = 0, ch, rc;
	long v;
	while ((ch = cli_getopt(argc, argv, opts, "decide")) != -1) {
		switch (ch) {
		case 'd': req.door = optarg; break;
		case 'b': req.credential = optarg; break;
		case 'e': req.escort_credential = optarg; break;
		case 'r': req.reader = optarg; break;
		case 'a': at = optarg; break;
		case 'm':
			if (strcmp(optarg, "normal") == 0)
				st.mode = SITE_NORMAL;
			else if (strcmp(optarg, "lockdown") == 0)
				st.mode = SITE_LOCKDOWN;
			else if (strcmp(optarg, "evacuation") == 0)
				st.mode = SITE_EVACUATION;
			else
				return cli_usage("decide: --mode must be normal, lockdown or "
				    "evacuation");
			break;
		case 'i': st.inside = 1; break;
		case 'o':
		case 'f':
			if (gh_parse_long(optarg, 0, 1000000, &v) != 0)
				return cli_usage("decide: %s '%s' must be a whole number",
				    ch == 'o' ? "--occupancy" : "--refusals", optarg);
			if (ch == 'o')
				st.occupancy = (int)v;
			else
				st.reader_refusals = (int)v;
			break;
		case 'j': json = 1; break;
		default: return EXIT_USAGE;
		}
	}
	if (optind < argc)
		return cli_usage("decide: unexpected argument '%s'", argv[optind]);
	if (req.door == NULL && req.reader == NULL)
		return cli_usage("decide: --door (or --reader) is required");
	if (req.credential == NULL)
		return cli_usage("decide: --badge is required");
	if ((rc = cli_open(c, 1)))
		return rc;
	time_t now = time(NULL);
	const char *why;
	if (at && gh_time_parse(at, &now, &why) != 0)
		return cli_usage("decide: --at '%s': %s", at, why);
	struct policy_data pd = { c->db };
	struct decision d;
	rc = policy_decide(&pd, &req, &st, now, &d);
	if (rc == GH_EINPUT)
		return cli_usage("decide: %s (%s)", d.reason, req.reader ? req.reader : req.door);
	if (rc != GH_OK)
		return cli_result(c, rc);
	if (json) {
		struct gh_buf b;
		struct gh_json j;
		gh_buf_init(&b);
		gh_json_init(&j, &b);
		gh_json_obj(&j);
		gh_json_kbool(&j, "granted", d.granted);
		gh_json_kstr(&j, "reason", d.reason);
		gh_json_kstr(&j, "zone", d.zone);
		gh_json_kstr(&j, "zone_level", d.zone_level);
		gh_json_kstr(&j, "door", d.door);
		gh_json_kstr(&j, "reader", d.reader[0] ? d.reader : NULL);
		gh_json_kstr(&j, "badge", d.badge);
		gh_json_kstr(&j, "badge_kind", d.badge_kind[0] ? d.badge_kind : NULL);
		gh_json_kstr(&j, "person", d.person[0] ? d.person : NULL);
		gh_json_kstr(&j, "kind", d.kind[0] ? d.kind : NULL);
		gh_json_kstr(&j, "escort", d.escort[0] ? d.escort : NULL);
		gh_json_key(&j, "flags");
		gh_json_arr(&j);
		if (d.flags & DECISION_SOFT_PASSBACK)
			gh_json_str(&j, "soft-passback");
		if (d.flags & DECISION_ESCORTED)
			gh_json_str(&j, "escorted");
		if (d.flags & DECISION_BRUTE_FORCE)
			gh_json_str(&j, "brute-force");
		gh_json_arr_end(&j);
		gh_json_kstr(&j, "time_local", d.time_local);
		gh_json_kstr(&j, "time_utc", d.time_utc);
		gh_json_obj_end(&j);
		printf("%s\n", b.s);
		gh_buf_free(&b);
	} else if (d.granted) {
		printf("granted %s %s%s%s\n", d.zone, d.person, d.escort[0] ? " escort " : "",
		    d.escort);
	} else {
		printf("refused %s\n", d.reason);
	}
	return d.granted ? EXIT_OK : EXIT_REFUSED;
}
