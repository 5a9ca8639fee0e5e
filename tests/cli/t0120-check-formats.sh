#!/bin/bash
test_description='okr check --format text|json|github|gitlab, and colour'
. "$(dirname "$0")/lib.sh"

# One error (missing parent, 4:9) and one warning (stale, 11:14) in a.yaml.
setup_repo() {
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml team t/missing &&
	sed -i 's/updated: 2026-11-20/updated: 2026-11-01/' 2026-Q4/t/a.yaml
}

# Reads JSON on stdin; fails (with the reason) unless the Python
# expression in $1 holds for it, bound to `d`.
json_check() {
	python3 -c '
import json, sys
d = json.load(sys.stdin)
ok = eval(sys.argv[1])
if not ok:
    print("json_check failed: " + sys.argv[1], file=sys.stderr)
    print(json.dumps(d, indent=2), file=sys.stderr)
sys.exit(0 if ok else 1)
' "$1"
}

test_expect_success 'text: file:line:col: error|warning: message' - <<\EOT
	setup_repo &&
	cat >expect <<-\EOF &&
	2026-Q4/t/a.yaml:4:9: error: parent 't/missing' is not an objective in 2026-Q4
	2026-Q4/t/a.yaml:11:14: warning: key result 'kr' is stale: last check-in 2026-11-01, 25 days ago (cadence 7 days)
	EOF
	test_expect_code 1 okr check --as-of 2026-11-26 >actual &&
	test_cmp expect actual &&
	test_expect_code 1 okr check --format text --as-of 2026-11-26 >actual &&
	test_cmp expect actual
EOT

test_expect_success 'github: ::error and ::warning workflow commands' - <<\EOT
	setup_repo &&
	test_expect_code 1 okr check --format github --as-of 2026-11-26 >actual &&
	test_line_count = 2 actual &&
	sed -n 1p actual >first &&
	sed -n 2p actual >second &&
	grep -x "::error file=2026-Q4/t/a.yaml,line=4,col=9,title=[^:,]*::parent 't/missing' is not an objective in 2026-Q4" first &&
	grep -x "::warning file=2026-Q4/t/a.yaml,line=11,col=14,title=[^:,]*::key result 'kr' is stale: last check-in 2026-11-01, 25 days ago (cadence 7 days)" second
EOT

test_expect_success 'github: % in a message and , : in a file name are escaped' - <<\EOT
	make_repo . &&
	mkdir -p "2026-Q4/a,b:c" &&
	make_objective "2026-Q4/a,b:c/x,y.yaml" team &&
	printf '50%%: done\n' >>"2026-Q4/a,b:c/x,y.yaml" &&
	test_expect_code 1 okr check --format github --as-of 2026-11-21 >actual &&
	test_line_count = 1 actual &&
	grep -x "::error file=2026-Q4/a%2Cb%3Ac/x%2Cy.yaml,line=11,col=1,title=[^:,]*::unknown key '50%25' in an objective" actual
EOT

test_expect_success 'github: a newline in a message is escaped' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml team &&
	printf '"two\\nlines\\r": 1\n' >>2026-Q4/t/a.yaml &&
	test_expect_code 1 okr check --format github --as-of 2026-11-21 >actual &&
	test_line_count = 1 actual &&
	grep -x "::error file=2026-Q4/t/a.yaml,line=11,col=1,title=[^:,]*::unknown key 'two\\\\nlines\\\\r' in an objective" actual
EOT

test_expect_success 'GITHUB_ACTIONS=true picks github by default' - <<\EOT
	setup_repo &&
	test_expect_code 1 okr check --format github --as-of 2026-11-26 >expect &&
	GITHUB_ACTIONS=true test_expect_code 1 okr check --as-of 2026-11-26 >actual &&
	test_cmp expect actual &&
	GITHUB_ACTIONS=true test_expect_code 1 okr check --format text --as-of 2026-11-26 >actual &&
	grep "^2026-Q4/t/a.yaml:4:9: error: " actual &&
	GITHUB_ACTIONS=false test_expect_code 1 okr check --as-of 2026-11-26 >actual &&
	grep "^2026-Q4/t/a.yaml:4:9: error: " actual
EOT

test_expect_success 'json: counts and fields' - <<\EOT
	setup_repo &&
	test_expect_code 1 okr check --format json --as-of 2026-11-26 >actual &&
	json_check "d[\"errors\"] == 1 and d[\"warnings\"] == 1" <actual &&
	json_check "len(d[\"diagnostics\"]) == 2" <actual &&
	json_check "[(x[\"file\"], x[\"line\"], x[\"column\"], x[\"severity\"]) for x in d[\"diagnostics\"]] == [(\"2026-Q4/t/a.yaml\", 4, 9, \"error\"), (\"2026-Q4/t/a.yaml\", 11, 14, \"warning\")]" <actual &&
	json_check "d[\"diagnostics\"][0][\"message\"] == \"parent 't/missing' is not an objective in 2026-Q4\"" <actual &&
	json_check "all(isinstance(x[\"rule\"], str) and x[\"rule\"] for x in d[\"diagnostics\"])" <actual
EOT

test_expect_success 'json: a clean repository is an empty list' - <<\EOT
	make_repo . &&
	okr check --format json >actual &&
	json_check "d[\"errors\"] == 0 and d[\"warnings\"] == 0 and d[\"diagnostics\"] == []" <actual
EOT

test_expect_success 'json: --strict with warnings only exits 1, counts still right' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml &&
	test_expect_code 1 okr check --strict --format json --as-of 2026-12-01 >actual &&
	json_check "d[\"errors\"] == 0 and d[\"warnings\"] == 1" <actual
EOT

test_expect_success 'json stays valid JSON with invalid UTF-8 in a file name' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	make_objective "2026-Q4/t/$(printf "bad\\377name").yaml" team t/missing &&
	test_expect_code 1 okr check --format json --as-of 2026-11-21 >actual &&
	json_check "d[\"errors\"] == 1 and d[\"diagnostics\"][0][\"line\"] == 4" <actual &&
	test_expect_code 1 okr check --format gitlab --as-of 2026-11-21 >actual &&
	json_check "len(d) == 1" <actual
EOT

test_expect_success 'gitlab: a Code Quality report' - <<\EOT
	setup_repo &&
	test_expect_code 1 okr check --format gitlab --as-of 2026-11-26 >actual &&
	json_check "isinstance(d, list) and len(d) == 2" <actual &&
	json_check "[(x[\"location\"][\"path\"], x[\"location\"][\"lines\"][\"begin\"]) for x in d] == [(\"2026-Q4/t/a.yaml\", 4), (\"2026-Q4/t/a.yaml\", 11)]" <actual &&
	json_check "d[0][\"description\"] == \"parent 't/missing' is not an objective in 2026-Q4\"" <actual &&
	json_check "all(x[\"severity\"] in (\"info\", \"minor\", \"major\", \"critical\", \"blocker\") for x in d)" <actual &&
	json_check "d[0][\"severity\"] != d[1][\"severity\"]" <actual &&
	json_check "all(isinstance(x[\"check_name\"], str) and x[\"check_name\"] for x in d)" <actual &&
	json_check "len(set(x[\"fingerprint\"] for x in d)) == 2" <actual
EOT

test_expect_success 'gitlab: fingerprints are stable from run to run' - <<\EOT
	setup_repo &&
	test_expect_code 1 okr check --format gitlab --as-of 2026-11-26 >one &&
	test_expect_code 1 okr check --format gitlab --as-of 2026-11-26 >two &&
	test_cmp one two
EOT

test_expect_success 'gitlab: a clean repository is []' - <<\EOT
	make_repo . &&
	okr check --format gitlab >actual &&
	json_check "d == []" <actual
EOT

if command -v script >/dev/null 2>&1; then
	test_expect_success 'text on a terminal is coloured' - <<\EOT
		setup_repo &&
		TERM=xterm test_expect_code 1 script -qec "$OKR check --as-of 2026-11-26" /dev/null >actual </dev/null &&
		grep -q "$(printf "\\033")\\[" actual &&
		grep -q "error" actual
EOT
	test_expect_success 'NO_COLOR=1 turns colour off on a terminal' - <<\EOT
		setup_repo &&
		NO_COLOR=1 TERM=xterm test_expect_code 1 script -qec "$OKR check --as-of 2026-11-26" /dev/null >actual </dev/null &&
		grep -q "2026-Q4/t/a.yaml:4:9: error: " actual &&
		! grep -q "$(printf "\\033")" actual
EOT
	test_expect_success 'a terminal does not colour json or github output' - <<\EOT
		setup_repo &&
		TERM=xterm test_expect_code 1 script -qec "$OKR check --format github --as-of 2026-11-26" /dev/null >actual </dev/null &&
		grep -q "^::error file=" actual &&
		! grep -q "$(printf "\\033")" actual
EOT
else
	test_skip 'text on a terminal is coloured' 'script(1) from util-linux is missing'
	test_skip 'NO_COLOR=1 turns colour off on a terminal' 'script(1) from util-linux is missing'
	test_skip 'a terminal does not colour json or github output' 'script(1) from util-linux is missing'
fi

test_expect_success 'piped text is not coloured' - <<\EOT
	setup_repo &&
	TERM=xterm test_expect_code 1 okr check --as-of 2026-11-26 >actual &&
	! grep -q "$(printf "\\033")" actual
EOT

test_done
