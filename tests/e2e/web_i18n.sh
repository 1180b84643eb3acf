#!/bin/sh
# The web UI's message catalogues: every text a page shows is in French, Arabic and
# English.  gatehouse-web --check-messages checks the catalogues themselves (no empty
# text, the same printf conversions in every language, Arabic texts in Arabic, no
# text twice with different translations); then every literal the pages pass to T(),
# web_tf(), the flash redirects and the error pages must be in a catalogue, or it
# would show in English on a French or Arabic page.
set -eu
WEB="$GH_BUILD_DIR/bin/gatehouse-web"
fail() { echo "web_i18n: $*" >&2; exit 1; }
"$WEB" --check-messages || fail "the catalogues have the problems above"
known=$(mktemp)
trap 'rm -f "$known"' EXIT
"$WEB" --list-messages > "$known"
[ "$(wc -l < "$known")" -gt 100 ] || fail "too few messages listed: $(wc -l < "$known")"
python3 - "$known" webui/*.c <<'PY' || fail "texts missing from the catalogues (above)"
import re, sys
known = set(open(sys.argv[1], encoding="utf-8").read().split("\n"))
# function -> the index of the argument that is a catalogue text
calls = {"T": 0, "web_tf": 2, "web_redirect_done": 2, "web_redirect_error": 2,
         "web_page_error": 3, "web_page_error_detail": 3, "login_form": 2}
lit = re.compile(r'"((?:[^"\\]|\\.)*)"')

def args_of(src, i):
    """The top-level arguments of the call whose '(' is at src[i]."""
    depth, cur, out, j = 0, "", [], i
    while j < len(src):
        c = src[j]
        if c == '"':
            m = lit.match(src, j)
            cur += m.group(0)
            j = m.end()
            continue
        if c == "'":
            k = src.index("'", j + 1 + (src[j + 1] == "\\"))
            cur += src[j:k + 1]
            j = k + 1
            continue
        if c == "(":
            depth += 1
            if depth == 1:
                j += 1
                continue
        elif c == ")":
            depth -= 1
            if depth == 0:
                out.append(cur)
                return out
        elif c == "," and depth == 1:
            out.append(cur)
            cur = ""
            j += 1
            continue
        cur += c
        j += 1
    return out

def unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), s)

missing, checked = [], 0
for path in sys.argv[2:]:
    src = open(path, encoding="utf-8").read()
    src = re.sub(r"/\*.*?\*/", " ", src, flags=re.S)
    for m in re.finditer(r"\b(%s)\(" % "|".join(calls), src):
        if src[m.start() - 1:m.start()] in ("_",) or m.group(1) == "T" and \
                src[max(0, m.start() - 8):m.start()].endswith("define "):
            continue
        a = args_of(src, m.end() - 1)
        k = calls[m.group(1)]
        if len(a) <= k:
            continue
        arg = a[k].strip()
        parts = lit.findall(arg)
        if not parts or lit.sub("", arg).strip():
            continue        # not a plain literal (a variable, a ?: choice)
        text = unescape("".join(parts))
        checked += 1
        if text not in known:
            missing.append("%s: %s" % (path, text))
for x in missing:
    print("not in a catalogue: " + x, file=sys.stderr)
print("web_i18n: %d literal texts checked" % checked)
sys.exit(1 if missing else 0)
PY
echo "web_i18n: ok ($(wc -l < "$known") texts in French, Arabic and English)"
