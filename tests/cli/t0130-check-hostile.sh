#!/bin/bash
test_description='okr check on hostile input (SPEC section 7): a placed error, never a crash, a hang or unbounded memory'
. "$(dirname "$0")/lib.sh"

# Every run goes through run_limited: 20 seconds and 1 GiB at most. The
# fixture is 2026-Q4/t/x.yaml unless said otherwise; --as-of is early in
# the period so that no staleness warning shows up.
check_limited() {
	run_limited okr check --as-of 2026-10-05 "$@"
}

# The text of a small valid objective, without a final newline problem.
valid_objective() {
	printf 'objective: Valid\n'
	printf 'level: team\n'
	printf 'owner: Test Team\n'
	printf 'key_results:\n'
	printf '  - id: ship\n'
	printf '    title: Ship it\n'
	printf '    done: false\n'
}

setup() {
	make_repo . &&
	mkdir -p 2026-Q4/t
}

test_expect_success 'malformed YAML: a key indented under a plain value' - <<\EOT
	setup &&
	printf 'objective: Broken\nlevel: team\n  owner: Test Team\n' >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:3:8: error: yaml syntax: .*mapping values are not allowed" actual
EOT

test_expect_success 'malformed YAML: an unclosed flow sequence' - <<\EOT
	setup &&
	printf 'objective: Broken\nlevel: team\nowner: Test Team\nkey_results: [\n' >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:5:1: error: yaml syntax: " actual
EOT

test_expect_success 'invalid UTF-8: the place of the bad byte' - <<\EOT
	setup &&
	printf 'objective: caf\377\nlevel: team\n' >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:15: error: .*UTF-8" actual
EOT

test_expect_success 'invalid UTF-8 after multi-byte characters: column in characters' - <<\EOT
	setup &&
	printf 'objective: Bl\303\245b\303\246r\nowner: \303\230\377\n' >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:2:9: error: .*UTF-8" actual
EOT

test_expect_success 'a UTF-16 file with a byte-order mark' - <<\EOT
	setup &&
	valid_objective | iconv -f UTF-8 -t UTF-16 >2026-Q4/t/x.yaml &&
	test "$(head -c 2 2026-Q4/t/x.yaml | od -An -tx1 | tr -d " ")" = fffe &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: .*UTF-16" actual
EOT

test_expect_success 'a UTF-16 file without a byte-order mark' - <<\EOT
	setup &&
	valid_objective | iconv -f UTF-8 -t UTF-16LE >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/x.yaml:1:[0-9]*: error: " actual
EOT

test_expect_success 'a valid file with a UTF-8 byte-order mark passes' - <<\EOT
	setup &&
	{ printf "\357\273\277" && valid_objective; } >2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'a UTF-8 byte-order mark does not shift columns' - <<\EOT
	setup &&
	{ printf "\357\273\277" && valid_objective && printf "extra: 1\n"; } >2026-Q4/t/x.yaml &&
	printf "\357\273\277organisation: Test AS\nteam: x\n" >okr.yaml &&
	cat >expect <<-\EOF &&
	2026-Q4/t/x.yaml:8:1: error: unknown key 'extra' in an objective
	okr.yaml:2:1: error: unknown key 'team' in okr.yaml (did you mean 'teams'?)
	EOF
	test_expect_code 1 check_limited >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a valid file with CRLF line endings passes' - <<\EOT
	setup &&
	valid_objective | sed "s/\$/\r/" >2026-Q4/t/x.yaml &&
	printf "organisation: Test AS\r\n" >okr.yaml &&
	grep -c "$(printf "\r")" 2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'CRLF line endings: errors are placed and the message has no CR' - <<\EOT
	setup &&
	{ valid_objective && printf "parent: t/missing\n"; } | sed "s/\$/\r/" >2026-Q4/t/x.yaml &&
	printf "2026-Q4/t/x.yaml:8:9: error: parent 't/missing' is not an objective in 2026-Q4\n" >expect &&
	test_expect_code 1 check_limited >actual &&
	test_cmp expect actual
EOT

test_expect_success 'tabs used for indentation' - <<\EOT
	setup &&
	printf 'objective: Tabs\nlevel: team\nowner: Test Team\nkey_results:\n\t- id: ship\n' >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:5:1: error: yaml syntax: " actual
EOT

test_expect_success 'a huge file (over 4 MiB) is refused as too large' - <<\EOT
	setup &&
	{ valid_objective && printf "description: " && head -c 5000000 /dev/zero | tr "\0" "x" && echo; } >2026-Q4/t/x.yaml &&
	size=$(wc -c <2026-Q4/t/x.yaml) &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: .*too large" actual &&
	if grep "[0-9][0-9]* bytes" actual
	then
		grep "($size bytes" actual
	fi
EOT

test_expect_success 'a file of exactly 4 MiB is still read' - <<\EOT
	setup &&
	{ valid_objective && printf "description: "; } >head &&
	n=$((4 * 1024 * 1024 - $(wc -c <head) - 1)) &&
	{ cat head && head -c $n /dev/zero | tr "\0" "x" && echo; } >2026-Q4/t/x.yaml &&
	test $(wc -c <2026-Q4/t/x.yaml) = 4194304 &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'a huge okr.yaml is refused as too large' - <<\EOT
	make_repo . &&
	{ printf "organisation: " && head -c 5000000 /dev/zero | tr "\0" "x" && echo; } >okr.yaml &&
	test_must_fail check_limited >actual &&
	grep "^okr.yaml:1:1: error: .*too large" actual
EOT

test_expect_success 'deep nesting: 100000 [' - <<\EOT
	setup &&
	head -c 100000 /dev/zero | tr "\0" "[" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:33: error: .*deeper than 32" actual
EOT

test_expect_success 'deep nesting of block mappings' - <<\EOT
	setup &&
	for i in $(seq 0 99); do printf "%*sk%d:\n" $((i * 2)) "" $i; done >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/x.yaml:33:65: error: .*deeper than 32" actual
EOT

test_expect_success 'an alias bomb (billion laughs) is refused at its first anchor' - <<\EOT
	setup &&
	cat >2026-Q4/t/x.yaml <<-\EOF &&
	a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
	b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
	c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
	d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
	e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
	f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
	g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
	h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
	i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
	EOF
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:4: error: anchors are not allowed" actual
EOT

test_expect_success 'many duplicate keys stay fast' - <<\EOT
	setup &&
	{ valid_objective && yes "level: team" | head -n 100000; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep -x "2026-Q4/t/x.yaml:8:1: error: duplicate key 'level' (first at line 2)" actual &&
	grep -x "2026-Q4/t/x.yaml:107:1: error: too many problems in this file; the rest (from here on) are not shown" actual &&
	test $(wc -l <actual) -le 101
EOT

test_expect_success 'many distinct keys stay fast' - <<\EOT
	setup &&
	{ valid_objective && seq -f "k%.0f: 1" 1 100000; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep -x "2026-Q4/t/x.yaml:8:1: error: unknown key 'k1' in an objective" actual
EOT

test_expect_success 'yes/no/NO where a number is meant' - <<\EOT
	setup &&
	cat >2026-Q4/t/x.yaml <<-\EOF &&
	objective: Booleans as numbers
	level: team
	owner: Test Team
	key_results:
	  - id: latency
	    title: Cut latency
	    start: yes
	    target: NO
	    current: off
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/x.yaml:7:12: error: 'start' must be a number, not 'yes' (a YAML boolean)
	2026-Q4/t/x.yaml:8:13: error: 'target' must be a number, not 'NO' (a YAML boolean)
	2026-Q4/t/x.yaml:9:14: error: 'current' must be a number, not 'off' (a YAML boolean)
	EOF
	test_expect_code 1 check_limited >actual &&
	test_cmp expect actual
EOT

test_expect_success 'yes/no/NO where a boolean is meant: a hint' - <<\EOT
	setup &&
	cat >2026-Q4/t/x.yaml <<-\EOF &&
	objective: YAML 1.1 booleans
	level: team
	owner: Test Team
	key_results:
	  - id: a
	    title: Yes
	    done: yes
	  - id: b
	    title: No
	    done: NO
	  - id: c
	    title: Quoted
	    done: "true"
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/x.yaml:7:11: error: 'done' must be true or false, not 'yes' (write true)
	2026-Q4/t/x.yaml:10:11: error: 'done' must be true or false, not 'NO' (write false)
	2026-Q4/t/x.yaml:13:11: error: 'done' must be true or false, not a quoted string
	EOF
	test_expect_code 1 check_limited >actual &&
	test_cmp expect actual
EOT

test_expect_success 'owner: NO is the text "NO" (no teams declared)' - <<\EOT
	setup &&
	valid_objective | sed "s/^owner: .*/owner: NO/" >2026-Q4/t/x.yaml &&
	grep "^owner: NO$" 2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'owner: NO is the team "NO" when it is declared' - <<\EOT
	setup &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	teams:
	  NO:
	    name: Norway
	EOF
	valid_objective | sed "s/^owner: .*/owner: NO/" >2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'an anchor' - <<\EOT
	setup &&
	valid_objective | sed "s/^objective: /objective: \&title /" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:12: error: anchors are not allowed" actual
EOT

test_expect_success 'an alias' - <<\EOT
	setup &&
	{ valid_objective && printf "description: *title\n"; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:8:14: error: aliases are not allowed" actual
EOT

test_expect_success 'a << merge key' - <<\EOT
	setup &&
	{ valid_objective && printf "<<: {description: merged}\n"; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:8:1: error: merge keys ('<<') are not allowed" actual
EOT

test_expect_success 'a tag (!!str)' - <<\EOT
	setup &&
	valid_objective | sed "s/^owner: /owner: !!str /" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:3:8: error: tags are not allowed" actual
EOT

test_expect_success 'a local tag (!thing)' - <<\EOT
	setup &&
	{ valid_objective && printf "description: !thing text\n"; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/x.yaml:8:14: error: tags are not allowed" actual
EOT

test_expect_success 'two documents in one file' - <<\EOT
	setup &&
	{ valid_objective && printf -- "---\n" && valid_objective; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:8:1: error: .*document" actual
EOT

test_expect_success 'one document with --- and ... markers passes' - <<\EOT
	setup &&
	{ printf -- "---\n" && valid_objective && printf "...\n"; } >2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'an empty file' - <<\EOT
	setup &&
	: >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: .*empty" actual
EOT

test_expect_success 'a file of comments only is empty too' - <<\EOT
	setup &&
	printf "# nothing here\n\n# yet\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: .*empty" actual
EOT

test_expect_success 'an empty okr.yaml' - <<\EOT
	make_repo . &&
	: >okr.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^okr.yaml:1:1: error: " actual
EOT

test_expect_success 'a file that is just a scalar' - <<\EOT
	setup &&
	printf "\n# a comment\nhello\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:3:1: error: .*mapping" actual
EOT

test_expect_success 'a file that is just a list' - <<\EOT
	setup &&
	printf -- "- objective: x\n- level: team\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: .*mapping" actual
EOT

test_expect_success 'NUL bytes' - <<\EOT
	setup &&
	printf "objective: a\000b\nlevel: team\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:13: error: " actual
EOT

test_expect_success 'an escaped NUL in a quoted value' - <<\EOT
	setup &&
	valid_objective | sed "s/^owner: .*/owner: \"Test\\\\0Team\"/" >2026-Q4/t/x.yaml &&
	grep -F "owner: \"Test\\0Team\"" 2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:3:8: error: .*NUL" actual
EOT

test_expect_success 'raw control characters' - <<\EOT
	setup &&
	printf "objective: bell\007\nlevel: team\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:16: error: .*control characters" actual &&
	printf "objective: del\177\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/x.yaml:1:15: error: " actual &&
	printf "objective: \033[2J\n" >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/x.yaml:1:12: error: " actual
EOT

test_expect_success 'escaped control characters never reach the terminal raw' - <<\EOT
	setup &&
	{ valid_objective && printf "\"\\\\e[2J\\\\nfake.yaml:1:1: error: x\": 1\n"; } >2026-Q4/t/x.yaml &&
	tail -n 1 2026-Q4/t/x.yaml >last &&
	grep -F "\"\\e[2J\\nfake" last &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:8:1: error: " actual &&
	! grep -q "$(printf "\\033")" actual
EOT

test_expect_success 'a symbolic link pointing outside the repository' - <<\EOT
	make_repo repo &&
	mkdir -p repo/2026-Q4/t outside &&
	valid_objective >outside/x.yaml &&
	ln -s "$PWD/outside/x.yaml" repo/2026-Q4/t/x.yaml &&
	ln -s ../../../outside/x.yaml repo/2026-Q4/t/y.yaml &&
	ln -s "$PWD/outside" repo/2026-Q4/dir &&
	(
		cd repo &&
		test_expect_code 1 check_limited >../actual
	) &&
	test_line_count = 3 actual &&
	grep "^2026-Q4/dir:1:1: error: .*outside the repository" actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: .*outside the repository" actual &&
	grep "^2026-Q4/t/y.yaml:1:1: error: .*outside the repository" actual
EOT

test_expect_success 'okr check <link outside> is refused too' - <<\EOT
	make_repo repo &&
	mkdir -p repo/2026-Q4/t outside &&
	valid_objective >outside/x.yaml &&
	ln -s "$PWD/outside/x.yaml" repo/2026-Q4/t/x.yaml &&
	(
		cd repo &&
		test_must_fail check_limited 2026-Q4/t/x.yaml >../actual
	) &&
	grep "2026-Q4/t/x.yaml" actual
EOT

test_expect_success 'a symbolic link inside the repository is followed' - <<\EOT
	setup &&
	mkdir shared &&
	valid_objective >shared/x.txt &&
	ln -s ../../shared/x.txt 2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'a dangling symbolic link' - <<\EOT
	setup &&
	ln -s nowhere.yaml 2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:1:1: error: " actual
EOT

test_expect_success 'a symlink loop between two links' - <<\EOT
	setup &&
	ln -s b.yaml 2026-Q4/t/a.yaml &&
	ln -s a.yaml 2026-Q4/t/b.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 2 actual &&
	grep "^2026-Q4/t/a.yaml:1:1: error: " actual &&
	grep "^2026-Q4/t/b.yaml:1:1: error: " actual
EOT

test_expect_success 'a folder link back to its parent: one placed error' - <<\EOT
	setup &&
	valid_objective >2026-Q4/t/x.yaml &&
	ln -s . 2026-Q4/t/loop &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/loop:1:1: error: " actual
EOT

test_expect_success 'two folder links back to the root: no hang' - <<\EOT
	setup &&
	valid_objective >2026-Q4/t/x.yaml &&
	ln -s ../.. 2026-Q4/t/up1 &&
	ln -s ../.. 2026-Q4/t/up2 &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/up1:1:1: error: " actual &&
	grep "^2026-Q4/t/up2:1:1: error: " actual
EOT

if test "$(id -u)" = 0; then
	# root reads anything: run okr as nobody (setpriv, util-linux)
	test_expect_success 'an unreadable file (chmod 000), okr run as nobody' - <<\EOT
		setup &&
		valid_objective >2026-Q4/t/x.yaml &&
		chmod -R a+rX "$TEST_TMP" &&
		chmod a+x "$(dirname "$TEST_TMP")" &&
		chmod 000 2026-Q4/t/x.yaml &&
		test_expect_code 1 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$OKR" check --as-of 2026-10-05 >actual &&
		test_line_count = 1 actual &&
		grep "^2026-Q4/t/x.yaml:1:1: error: .*Permission denied" actual
EOT
else
	test_expect_success 'an unreadable file (chmod 000)' - <<\EOT
		setup &&
		valid_objective >2026-Q4/t/x.yaml &&
		chmod 000 2026-Q4/t/x.yaml &&
		test_expect_code 1 check_limited >actual;
		status=$?
		chmod 644 2026-Q4/t/x.yaml &&
		test $status = 0 &&
		test_line_count = 1 actual &&
		grep "^2026-Q4/t/x.yaml:1:1: error: .*Permission denied" actual
EOT
fi

test_expect_success 'a ../ parent id never leaves the period' - <<\EOT
	setup &&
	make_objective 2026-Q3/company/x.yaml company &&
	make_objective 2026-Q4/t/y.yaml team ../2026-Q3/company/x &&
	make_objective 2026-Q4/t/z.yaml team ../../../../etc/passwd &&
	test_expect_code 1 check_limited >actual &&
	grep "^2026-Q4/t/y.yaml:4:9: error: parent '../2026-Q3/company/x' is not an objective in 2026-Q4" actual &&
	grep "^2026-Q4/t/z.yaml:4:9: error: parent '../../../../etc/passwd' is not an objective in 2026-Q4" actual
EOT

test_expect_success 'a long unknown key is reported whole' - <<\EOT
	setup &&
	{ valid_objective && head -c 1000 /dev/zero | tr "\0" "k" && printf ": 1\n"; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep -x "2026-Q4/t/x.yaml:8:1: error: unknown key 'k\{1000\}' in an objective" actual
EOT

test_expect_success 'a 100000-character key (beyond YAML simple keys) is placed' - <<\EOT
	setup &&
	{ valid_objective && head -c 100000 /dev/zero | tr "\0" "k" && printf ": 1\n"; } >2026-Q4/t/x.yaml &&
	test_expect_code 1 check_limited >actual &&
	test_line_count = 1 actual &&
	grep "^2026-Q4/t/x.yaml:8:[0-9]*: error: " actual
EOT

test_expect_success 'a 1 MB line in a value is fine' - <<\EOT
	setup &&
	{ valid_objective && printf "description: " && head -c 1000000 /dev/zero | tr "\0" "d" && echo; } >2026-Q4/t/x.yaml &&
	check_limited >actual &&
	test_must_be_empty actual
EOT

test_done
