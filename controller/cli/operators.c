/* gatehouse operator: the web service's accounts (R-AUTH).  Nominative, roles, no
 * default password: the password is read from standard input, checked against the
 * policy and stored as argon2id; the TOTP secret is printed once, here, and nowhere
 * else (the web UI shows it as a QR code at first login). */
#include <stdio.h>
#include <string.h>

#include "controller/cli/cli.h"
#include "webui/escape.h"
#include "webui/password.h"
#include "webui/roles.h"
#include "webui/totp.h"

/* Read a password from standard input (one line; the newline removed). */
static int
read_password(char *pw, size_t len)
{
	if (fgets(pw, (int)len, stdin) == NULL)
		return -1;
	size_t n = strcspn(pw, "\r\n");
	if (pw[n] == '\0' && n == len - 1)
		return -1;	/* longer than the buffer */
	pw[n] = '\0';
	return 0;
}

/* Roles from repeated --role options, checked for compatibility. */
static int
roles_arg(char *acc, size_t len, const char *role)
{
	size_t n = strlen(acc);
	if (snprintf(acc + n, len - n, "%s%s", n ? "," : "", role) >= (int)(len - n))
		return cli_usage("operator: too many roles");
	return EXIT_OK;
}

static int
check_roles(struct cli *c, const char *roles)
{
	unsigned r;
	const char *why;
	char pairs[256];
	if (web_roles_parse(roles, &r, &why) != 0)
		return cli_usage("operator: roles '%s': %s", roles, why);
	int rc = cli_open(c, 0);
	if (rc != EXIT_OK)
		return rc;
	if (gh_setting_get(c->db, "incompatible-roles", pairs, sizeof pairs) != GH_OK)
		pairs[0] = '\0';
	if (web_roles_compatible(r, pairs[0] ? pairs : NULL, &why) != 0)
		return cli_usage("operator: roles '%s': %s (R-LEAST-PRIVILEGE)", roles, why);
	return EXIT_OK;
}

static int
password_from_stdin(const char *name, char hash[crypto_pwhash_STRBYTES])
{
	char pw[WEB_PW_MAX_BYTES + 2];
	const char *why;
	if (read_password(pw, sizeof pw) != 0) {
		sodium_memzero(pw, sizeof pw);
		return cli_usage("operator: no password on standard input (one line, at most "
		    "1024 bytes)");
	}
	if (web_password_acceptable(pw, name, &why) != 0) {
		sodium_memzero(pw, sizeof pw);
		return cli_usage("operator: the password %s", why);
	}
	int rc = web_password_hash(pw, hash);
	sodium_memzero(pw, sizeof pw);
	if (rc != 0) {
		fprintf(stderr, "gatehouse: hashing the password failed (out of memory?)\n");
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static void
print_totp(const char *name, const char *secret)
{
	struct gh_buf b;
	gh_buf_init(&b);
	web_totp_uri(&b, name, secret);
	printf("TOTP secret for %s (shown once; add it to an authenticator app now):\n"
	    "  %s\n  %s\n", name, secret, b.s);
	gh_buf_free(&b);
}

static int
operator_add(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "totp", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	char roles[64] = "";
	int ch, pwin = 0, want_totp = 0, rc;
	while ((ch = cli_getopt(argc, argv, opts, "operator add")) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if (ch == 't')
			want_totp = 1;
		if (ch == 'r' && (rc = roles_arg(roles, sizeof roles, optarg)) != EXIT_OK)
			return rc;
		if (ch == 'p')
			pwin = 1;
	}
	if (optind != argc - 1)
		return cli_usage("operator add: usage: gatehouse operator add NAME --role ROLE "
		    "[--role ROLE]... --password-stdin [--totp]");
	const char *name = argv[optind];
	if (!pwin)
		return cli_usage("operator add: --password-stdin is required (no default "
		    "passwords)");
	if ((rc = check_roles(c, roles)) != EXIT_OK)
		return rc;
	char hash[crypto_pwhash_STRBYTES], secret[WEB_TOTP_B32_LEN + 1];
	if ((rc = password_from_stdin(name, hash)) != EXIT_OK)
		return rc;
	if ((rc = cli_open(c, 0)) != EXIT_OK)
		return rc;
	/* TOTP is mandatory for officers and admins, optional (--totp) for others. */
	unsigned r;
	web_roles_parse(roles, &r, NULL);
	int totp = want_totp || (r & (WEB_ROLE_OFFICER | WEB_ROLE_ADMIN));
	if (totp)
		web_totp_new_secret(secret);
	rc = cli_result(c, gh_operator_add(c->db, name, roles, hash, totp ? secret : NULL));
	if (rc == EXIT_OK) {
		printf("operator %s added (roles %s)\n", name, roles);
		if (totp)
			print_totp(name, secret);
	}
	sodium_memzero(secret, sizeof secret);
	return rc;
}

static int
operator_set(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "new-totp", no_argument, NULL, 't' },
		{ "disable", no_argument, NULL, 'd' },
		{ "enable", no_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	char roles[64] = "";
	int ch, pwin = 0, totp = 0, disabled = -1, rc;
	while ((ch = cli_getopt(argc, argv, opts, "operator set")) != -1) {
		switch (ch) {
		case '?': return EXIT_USAGE;
		case 'r':
			if ((rc = roles_arg(roles, sizeof roles, optarg)) != EXIT_OK)
				return rc;
			break;
		case 'p': pwin = 1; break;
		case 't': totp = 1; break;
		case 'd': disabled = 1; break;
		case 'e': disabled = 0; break;
		}
	}
	if (optind != argc - 1)
		return cli_usage("operator set: usage: gatehouse operator set NAME [--role ROLE]... "
		    "[--password-stdin] [--new-totp] [--disable|--enable]");
	const char *name = argv[optind];
	if (roles[0] && (rc = check_roles(c, roles)) != EXIT_OK)
		return rc;
	char hash[crypto_pwhash_STRBYTES], secret[WEB_TOTP_B32_LEN + 1];
	if (pwin && (rc = password_from_stdin(name, hash)) != EXIT_OK)
		return rc;
	if (totp)
		web_totp_new_secret(secret);
	if ((rc = cli_open(c, 0)) != EXIT_OK)
		return rc;
	rc = cli_result(c, gh_operator_set(c->db, name, roles[0] ? roles : NULL,
	    pwin ? hash : NULL, totp ? secret : NULL, disabled));
	if (rc == EXIT_OK) {
		printf("operator %s changed\n", name);
		if (totp)
			print_totp(name, secret);
	}
	sodium_memzero(hash, sizeof hash);
	sodium_memzero(secret, sizeof secret);
	return rc;
}

/* API tokens for machine clients: shown once, stored as their SHA-256. */
static int
operator_token(struct cli *c, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	int rc;
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "operator token list", gh_token_list);
	if (cli_is_sub(argc, argv, "revoke")) {
		if (argc != 4)
			return cli_usage("operator token revoke: usage: gatehouse operator token "
			    "revoke NAME TOKEN-NAME");
		if ((rc = cli_open(c, 0)) == EXIT_OK &&
		    (rc = cli_result(c, gh_token_revoke(c->db, argv[2], argv[3]))) == EXIT_OK)
			printf("token %s of %s revoked\n", argv[3], argv[2]);
		return rc;
	}
	if (!cli_is_sub(argc, argv, "add"))
		return cli_usage("operator token: unknown subcommand (add, revoke, list)");
	char roles[64] = "";
	int ch;
	argc--, argv++;
	while ((ch = cli_getopt(argc, argv, opts, "operator token add")) != -1) {
		if (ch == '?')
			return EXIT_USAGE;
		if ((rc = roles_arg(roles, sizeof roles, optarg)) != EXIT_OK)
			return rc;
	}
	if (argc - optind != 2 || !roles[0])
		return cli_usage("operator token add: usage: gatehouse operator token add NAME "
		    "TOKEN-NAME --role ROLE [--role ROLE]...");
	const char *name = argv[optind], *tname = argv[optind + 1];
	if ((rc = check_roles(c, roles)) != EXIT_OK)
		return rc;
	if ((rc = cli_open(c, 0)) != EXIT_OK)
		return rc;
	/* The token's roles must be the operator's own, or fewer. */
	struct gh_operator o;
	unsigned have, want;
	if (gh_operator_get(c->db, name, &o) != GH_OK)
		return cli_usage("operator token add: no operator '%s'", name);
	web_roles_parse(o.roles, &have, NULL);
	web_roles_parse(roles, &want, NULL);
	sodium_memzero(&o, sizeof o);
	if ((want & ~have) != 0)
		return cli_usage("operator token add: %s does not hold all of the roles %s", name,
		    roles);
	unsigned char raw[32], digest[32];
	char token[64] = "gh_", hexd[65];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token + 3, sizeof token - 3, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	crypto_hash_sha256(digest, (const unsigned char *)token, strlen(token));
	sodium_bin2hex(hexd, sizeof hexd, digest, sizeof digest);
	rc = cli_result(c, gh_token_add(c->db, name, tname, roles, hexd));
	if (rc == EXIT_OK)
		printf("token %s of %s (roles %s), shown once:\n  %s\n"
		    "use it as: Authorization: Bearer TOKEN\n", tname, name, roles, token);
	sodium_memzero(raw, sizeof raw);
	sodium_memzero(token, sizeof token);
	return rc;
}

int
cmd_operator(struct cli *c, int argc, char **argv)
{
	if (cli_is_sub(argc, argv, "token"))
		return operator_token(c, argc - 1, argv + 1);
	if (cli_is_sub(argc, argv, "add"))
		return operator_add(c, argc - 1, argv + 1);
	if (cli_is_sub(argc, argv, "set"))
		return operator_set(c, argc - 1, argv + 1);
	if (cli_is_sub(argc, argv, "unlock")) {
		if (argc != 3)
			return cli_usage("operator unlock: usage: gatehouse operator unlock NAME");
		int rc = cli_open(c, 0);
		if (rc == EXIT_OK && (rc = cli_result(c, gh_operator_unlock(c->db, argv[2]))) ==
		    EXIT_OK)
			printf("operator %s unlocked\n", argv[2]);
		return rc;
	}
	if (cli_is_sub(argc, argv, "list"))
		return cli_list(c, argc - 1, argv + 1, "operator list", gh_operator_list);
	return cli_usage("operator: unknown subcommand '%s' (add, set, unlock, list, token)",
	    argc > 1 ? argv[1] : "");
}
