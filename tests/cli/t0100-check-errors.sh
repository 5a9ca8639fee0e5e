#!/bin/bash
test_description='okr check: one test per class of error, at the right place'
. "$(dirname "$0")/lib.sh"

# 2026-10-05 is early in 2026-Q4: a key result without `updated` is 4 days
# into the period, so no staleness warning gets in the way of the errors.
check() {
	okr check --as-of 2026-10-05 "$@"
}

test_expect_success 'a clean repository exits 0 and prints nothing' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/company/grow.yaml company &&
	make_objective 2026-Q4/platform/fast.yaml team company/grow &&
	check >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
EOT

test_expect_success 'a repository with okr.yaml alone is clean' - <<\EOT
	make_repo . &&
	check >out 2>err &&
	test_must_be_empty out &&
	test_must_be_empty err
EOT

test_expect_success 'YAML syntax error: place of the problem, exit 1' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/syntax.yaml <<-\EOF &&
	objective: "Bad \q escape"
	level: team
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/syntax.yaml:1:17: error: yaml syntax: while parsing a quoted scalar found unknown escape character (line 1)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'duplicate key: at the second one' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/dup.yaml <<-\EOF &&
	objective: Duplicate
	level: team
	owner: Test Team
	level: company
	key_results:
	  - id: kr
	    title: Ship
	    done: false
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/dup.yaml:4:1: error: duplicate key 'level' (first at line 2)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'duplicate key inside a key result' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/dup.yaml <<-\EOF &&
	objective: Duplicate
	level: team
	owner: Test Team
	key_results:
	  - id: kr
	    title: Ship
	    done: false
	    done: true
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/dup.yaml:8:5: error: duplicate key 'done' (first at line 7)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'unknown keys, with "did you mean"' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/typo.yaml <<-\EOF &&
	objective: Typos
	level: team
	owner: Test Team
	descripton: Free text
	key_results:
	  - id: kr
	    title: Ship
	    done: false
	    confidance: 0.5
	    colour: red
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/typo.yaml:4:1: error: unknown key 'descripton' in an objective (did you mean 'description'?)
	2026-Q4/t/typo.yaml:9:5: error: unknown key 'confidance' in a key result (did you mean 'confidence'?)
	2026-Q4/t/typo.yaml:10:5: error: unknown key 'colour' in a key result
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'unknown key in okr.yaml, with "did you mean"' - <<\EOT
	make_repo . &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	ambassador:
	  - Kari Nordmann <kari@example.com>
	cadence:
	  checkin: 7d
	  meetin:
	    day: monday
	EOF
	cat >expect <<-\EOF &&
	okr.yaml:2:1: error: unknown key 'ambassador' in okr.yaml (did you mean 'ambassadors'?)
	okr.yaml:6:3: error: unknown key 'meetin' in 'cadence' (did you mean 'meeting'?)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'wrong types: at the value' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/types.yaml <<-\EOF &&
	objective: Wrong types
	level: team
	owner: [Test Team]
	key_results:
	  - id: latency
	    title: Cut latency
	    start: 800
	    target: "200"
	    current: lots
	  - id: ship
	    title: Ship it
	    done: maybe
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/types.yaml:3:8: error: 'owner' must be text, not a list
	2026-Q4/t/types.yaml:8:13: error: 'target' must be a number, not a quoted string
	2026-Q4/t/types.yaml:9:14: error: 'current' must be a number, not 'lots'
	2026-Q4/t/types.yaml:12:11: error: 'done' must be true or false, not 'maybe'
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'key_results must be a list' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/map.yaml <<-\EOF &&
	objective: Wrong shape
	level: team
	owner: Test Team
	key_results:
	  id: kr
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/map.yaml:5:3: error: 'key_results' must be a list
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'wrong type in okr.yaml' - <<\EOT
	make_repo . &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	fiscal_year_start: 13
	scoring:
	  on_track: high
	EOF
	cat >expect <<-\EOF &&
	okr.yaml:2:20: error: 'fiscal_year_start' must be a month from 1 to 12
	okr.yaml:4:13: error: 'on_track' must be a number, not 'high'
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'missing fields: at the start of the mapping that lacks them' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/missing.yaml <<-\EOF &&
	# An objective without an owner.
	objective: Missing things
	level: team
	key_results:
	  - id: kr
	    done: false
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/missing.yaml:2:1: error: the objective is missing 'owner'
	2026-Q4/t/missing.yaml:5:5: error: key result 'kr' is missing 'title'
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'missing organisation in okr.yaml' - <<\EOT
	make_repo . &&
	printf "fiscal_year_start: 1\n" >okr.yaml &&
	echo "okr.yaml:1:1: error: okr.yaml is missing 'organisation'" >expect &&
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a metric key result without current' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/nocurrent.yaml <<-\EOF &&
	objective: Missing current
	level: team
	owner: Test Team
	key_results:
	  - id: latency
	    title: Cut latency
	    start: 800
	    target: 200
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/nocurrent.yaml:5:5: error: key result 'latency' is missing 'current'
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'invalid dates' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/dates.yaml <<-\EOF &&
	objective: Bad dates
	level: team
	owner: Test Team
	milestones:
	  - { title: Kick-off, due: 2026-13-01, done: true }
	key_results:
	  - id: kr
	    title: Ship
	    done: false
	    updated: 2026-02-30
	    due: 30.11.2026
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/dates.yaml:5:29: error: 'due' is not a valid date (YYYY-MM-DD): '2026-13-01'
	2026-Q4/t/dates.yaml:10:14: error: 'updated' is not a valid date (YYYY-MM-DD): '2026-02-30'
	2026-Q4/t/dates.yaml:11:10: error: 'due' is not a valid date (YYYY-MM-DD): '30.11.2026'
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'start == target' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/flat.yaml <<-\EOF &&
	objective: Flat
	level: team
	owner: Test Team
	key_results:
	  - id: latency
	    title: Cut latency
	    start: 800
	    target: 800
	    current: 450
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/flat.yaml:8:13: error: 'target' equals 'start' (800)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'confidence outside 0..1' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/conf.yaml <<-\EOF &&
	objective: Overconfident
	level: team
	owner: Test Team
	key_results:
	  - id: a
	    title: Too sure
	    done: false
	    confidence: 1.5
	  - id: b
	    title: Less than nothing
	    done: false
	    confidence: -0.1
	  - id: c
	    title: Exactly sure
	    done: false
	    confidence: 1
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/conf.yaml:8:17: error: 'confidence' must be between 0 and 1, not 1.5
	2026-Q4/t/conf.yaml:12:17: error: 'confidence' must be between 0 and 1, not -0.1
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'duplicate key result ids: at the second id' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/twice.yaml <<-\EOF &&
	objective: Twice
	level: team
	owner: Test Team
	key_results:
	  - id: ship
	    title: Ship it
	    done: false
	  - id: ship
	    title: Ship it again
	    done: false
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/twice.yaml:8:9: error: duplicate key result id 'ship' (first at line 5)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'unknown owner when teams are declared' - <<\EOT
	make_repo . &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	ambassadors: [Kari Nordmann <kari@example.com>]
	teams:
	  platform:
	    name: Platform
	    lead: Ola Nordmann <ola@example.com>
	    members: [Alice Berg <alice@example.com>]
	EOF
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/owners.yaml <<-\EOF &&
	objective: Owners
	level: team
	owner: platfrom
	key_results:
	  - id: a
	    title: A stranger
	    owner: Eve <eve@example.com>
	    done: false
	  - id: b
	    title: The lead
	    owner: Ola N. <ola@example.com>
	    done: false
	  - id: c
	    title: A member
	    owner: Alice Berg <alice@example.com>
	    done: false
	  - id: d
	    title: An ambassador
	    owner: Kari Nordmann <kari@example.com>
	    done: false
	  - id: e
	    title: Another team
	    owner: sales
	    done: false
	EOF
	cat >expect <<-\EOF &&
	2026-Q4/t/owners.yaml:3:8: error: unknown owner 'platfrom' (did you mean 'platform'?)
	2026-Q4/t/owners.yaml:7:12: error: unknown owner 'Eve <eve@example.com>': the email is not a lead, member or ambassador in okr.yaml
	2026-Q4/t/owners.yaml:23:12: error: unknown owner 'sales': not a team in okr.yaml
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'any owner is fine when no teams are declared' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/free.yaml <<-\EOF &&
	objective: Free
	level: team
	owner: whoever
	key_results:
	  - id: a
	    title: A stranger
	    owner: Eve <eve@example.com>
	    done: false
	EOF
	check >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'missing parent, with "did you mean"' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/company/growth.yaml company &&
	make_objective 2026-Q4/t/a.yaml team company/grwoth &&
	make_objective 2026-Q4/t/b.yaml team company/nothing-like-it &&
	cat >expect <<-\EOF &&
	2026-Q4/t/a.yaml:4:9: error: parent 'company/grwoth' is not an objective in 2026-Q4 (did you mean 'company/growth'?)
	2026-Q4/t/b.yaml:4:9: error: parent 'company/nothing-like-it' is not an objective in 2026-Q4
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'a parent in another period is missing' - <<\EOT
	make_repo . &&
	make_objective 2026-Q3/company/growth.yaml company &&
	make_objective 2026-Q4/t/a.yaml team company/growth &&
	cat >expect <<-\EOF &&
	2026-Q4/t/a.yaml:4:9: error: parent 'company/growth' is not an objective in 2026-Q4
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'misplaced parent: a team objective under a team objective' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/company/growth.yaml company &&
	make_objective 2026-Q4/t/a.yaml team company/growth &&
	make_objective 2026-Q4/t/b.yaml team t/a &&
	make_objective 2026-Q4/t/c.yaml individual t/b &&
	make_objective 2026-Q4/t/d.yaml company t/a &&
	make_objective 2026-Q4/t/e.yaml team t/c &&
	cat >expect <<-\EOF &&
	2026-Q4/t/b.yaml:4:9: error: parent 't/a' is a team objective; a team objective aligns to a higher level
	2026-Q4/t/d.yaml:4:9: error: a company objective has no parent
	2026-Q4/t/e.yaml:4:9: error: parent 't/c' is an individual objective; a team objective aligns to a higher level
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'alignment cycles' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml team t/b &&
	make_objective 2026-Q4/t/b.yaml team t/a &&
	make_objective 2026-Q4/t/self.yaml team t/self &&
	test_expect_code 1 check >actual &&
	grep -e "^2026-Q4/t/a.yaml:4:9: error: alignment cycle: t/a -> t/b -> t/a$" actual &&
	grep -E "^2026-Q4/t/b.yaml:4:9: error: alignment cycle: (t/b -> t/a -> t/b|t/a -> t/b -> t/a)$" actual &&
	grep -e "^2026-Q4/t/self.yaml:4:9: error: alignment cycle: t/self -> t/self$" actual &&
	test 3 = $(grep -c "alignment cycle" actual)
EOT

test_expect_success 'files outside a period folder' - <<\EOT
	make_repo . &&
	make_objective notes/a.yaml &&
	make_objective stray.yaml &&
	make_objective 2026-Q5/b.yaml &&
	make_objective 2026-q4/c.yaml &&
	make_objective 2026-Q4/fine.yaml &&
	echo "not yaml" >2026-Q4/README.md &&
	cat >expect <<-\EOF &&
	2026-Q5/b.yaml:1:1: error: file is outside a period folder (YYYY-QN/...)
	2026-q4/c.yaml:1:1: error: file is outside a period folder (YYYY-QN/...)
	notes/a.yaml:1:1: error: file is outside a period folder (YYYY-QN/...)
	stray.yaml:1:1: error: file is outside a period folder (YYYY-QN/...)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'errors are sorted by file, then line' - <<\EOT
	make_repo . &&
	printf "organisation: Test AS\nfiscal_year_stat: 1\n" >okr.yaml &&
	mkdir -p 2026-Q4/t &&
	cat >2026-Q4/t/b.yaml <<-\EOF &&
	objective: Late unknown key after a missing one
	level: team
	key_results:
	  - id: kr
	    title: Ship
	    done: false
	extra: 1
	EOF
	make_objective 2026-Q4/t/a.yaml team t/missing &&
	cat >expect <<-\EOF &&
	2026-Q4/t/a.yaml:4:9: error: parent 't/missing' is not an objective in 2026-Q4
	2026-Q4/t/b.yaml:1:1: error: the objective is missing 'owner'
	2026-Q4/t/b.yaml:7:1: error: unknown key 'extra' in an objective
	okr.yaml:2:1: error: unknown key 'fiscal_year_stat' in okr.yaml (did you mean 'fiscal_year_start'?)
	EOF
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'okr check <file> reports that file only, parents still resolve' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/company/growth.yaml company &&
	make_objective 2026-Q4/t/good.yaml team company/growth &&
	make_objective 2026-Q4/t/bad.yaml team company/nope &&
	check 2026-Q4/t/good.yaml >actual &&
	test_must_be_empty actual &&
	echo "2026-Q4/t/bad.yaml:4:9: error: parent 'company/nope' is not an objective in 2026-Q4" >expect &&
	test_expect_code 1 check 2026-Q4/t/bad.yaml >actual &&
	test_cmp expect actual &&
	test_expect_code 1 check 2026-Q4/t/good.yaml 2026-Q4/t/bad.yaml >actual &&
	test_cmp expect actual &&
	test_expect_code 1 check >actual &&
	test_cmp expect actual
EOT

test_expect_success 'okr check <missing file> is a usage error' - <<\EOT
	make_repo . &&
	test_expect_code 2 check 2026-Q4/nope.yaml >out 2>err &&
	test_must_be_empty out &&
	grep "^okr: error: .*2026-Q4/nope.yaml" err
EOT

test_expect_success 'okr check <path outside the repository> is a usage error' - <<\EOT
	make_repo repo &&
	make_objective elsewhere.yaml &&
	(
		cd repo &&
		test_expect_code 2 okr check ../elsewhere.yaml >../out 2>../err
	) &&
	test_must_be_empty out &&
	grep "^okr: error: .*elsewhere.yaml.*outside" err
EOT

test_expect_success 'from a sub-folder, paths are relative to it (like git)' - <<\EOT
	make_repo . &&
	printf "organisation: Test AS\nteam: x\n" >okr.yaml &&
	make_objective 2026-Q4/t/a.yaml team t/missing &&
	cat >expect <<-\EOF &&
	../okr.yaml:2:1: error: unknown key 'team' in okr.yaml (did you mean 'teams'?)
	t/a.yaml:4:9: error: parent 't/missing' is not an objective in 2026-Q4
	EOF
	(
		cd 2026-Q4 &&
		test_expect_code 1 check >../actual
	) &&
	test_cmp expect actual
EOT

test_expect_success 'from a sub-folder, a named file is relative to it' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml team t/missing &&
	make_objective 2026-Q4/t/b.yaml team t/missing-too &&
	echo "a.yaml:4:9: error: parent 't/missing' is not an objective in 2026-Q4" >expect &&
	(
		cd 2026-Q4/t &&
		test_expect_code 1 check a.yaml >../../actual
	) &&
	test_cmp expect actual
EOT

test_expect_success '-C <path> runs in that folder' - <<\EOT
	make_repo repo &&
	printf "organisation: Test AS\nteam: x\n" >repo/okr.yaml &&
	echo "okr.yaml:2:1: error: unknown key 'team' in okr.yaml (did you mean 'teams'?)" >expect &&
	test_expect_code 1 okr -C repo check >actual &&
	test_cmp expect actual &&
	mkdir elsewhere &&
	(
		cd elsewhere &&
		test_expect_code 1 okr -C ../repo check >../actual
	) &&
	test_cmp expect actual
EOT

test_expect_success '-C with a missing folder exits 2' - <<\EOT
	test_expect_code 2 okr -C nowhere check >out 2>err &&
	test_must_be_empty out &&
	grep "^okr: error: .*nowhere" err
EOT

test_expect_success 'not in a repository: exit 2 with okr: error: on stderr' - <<\EOT
	mkdir empty &&
	git init -q empty &&
	(
		cd empty &&
		test_expect_code 2 okr check >../out 2>../err
	) &&
	test_must_be_empty out &&
	test_line_count = 1 err &&
	grep "^okr: error: .*okr.yaml" err
EOT

test_expect_success 'bad --format: exit 2' - <<\EOT
	make_repo . &&
	test_expect_code 2 check --format xml >out 2>err &&
	test_must_be_empty out &&
	grep "^okr: error: .*'xml'" err
EOT

test_expect_success 'bad --as-of: exit 2' - <<\EOT
	make_repo . &&
	test_expect_code 2 okr check --as-of 2026-13-01 >out 2>err &&
	test_must_be_empty out &&
	grep "^okr: error: .*'2026-13-01'" err &&
	test_expect_code 2 okr check --as-of tomorrow >out 2>err &&
	test_must_be_empty out &&
	grep "^okr: error: .*'tomorrow'" err
EOT

test_expect_success 'an unknown option: exit 2 with usage' - <<\EOT
	make_repo . &&
	test_expect_code 2 okr check --bogus >out 2>err &&
	test_must_be_empty out &&
	grep "^usage: okr check" err
EOT

test_done
