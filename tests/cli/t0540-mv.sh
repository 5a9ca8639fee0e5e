#!/bin/bash
test_description='okr mv: key results and objectives renamed in one commit, refusals'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'a key result id, byte-exact, one commit, Okr-Renamed:' - <<\EOT
	make_quarter &&
	snapshot &&
	okr mv 2026-Q3/ship#users ship#active-users >../out &&
	test_grep "^\[master [0-9a-f]*\] okr: mv 2026-Q3/ship#users -> 2026-Q3/ship#active-users$" ../out &&
	one_commit 2026-Q3/ship.yaml &&
	git diff HEAD~1 HEAD | grep "^[-+] " >../diff &&
	printf -- "-  - id: users\n+  - id: active-users\n" >../expect &&
	test_cmp ../expect ../diff &&
	message >../msg &&
	printf "okr: mv 2026-Q3/ship#users -> 2026-Q3/ship#active-users\n\nOkr-Ref: 2026-Q3/ship#active-users\nOkr-Renamed: 2026-Q3/ship#users -> 2026-Q3/ship#active-users\n" >../expect &&
	test_cmp ../expect ../msg
EOT

test_expect_success 'a key result in flow style, and the short "#new" form' - <<\EOT
	make_quarter &&
	snapshot &&
	okr mv 2026-Q3/ship#launch "#go-live" >/dev/null &&
	one_commit 2026-Q3/ship.yaml &&
	test_grep "^  - { id: go-live, title: Launch, done: false }$" 2026-Q3/ship.yaml
EOT

test_expect_success 'an objective: the file moves and its children follow, in one commit' - <<\EOT
	make_quarter &&
	git show HEAD:2026-Q3/ship.yaml >../ship.before &&
	snapshot &&
	okr mv 2026-Q3/ship company/launch >../out &&
	test_grep "okr: mv 2026-Q3/ship -> 2026-Q3/company/launch$" ../out &&
	git diff --no-renames --name-status HEAD~1 HEAD >../names &&
	printf "D\t2026-Q3/ship.yaml\nA\t2026-Q3/company/launch.yaml\nM\t2026-Q3/team/build.yaml\n" | sort >../expect &&
	sort ../names >../names.sorted &&
	test_cmp ../expect ../names.sorted &&
	cmp ../ship.before 2026-Q3/company/launch.yaml &&
	! test -e 2026-Q3/ship.yaml &&
	test_grep "^parent: company/launch$" 2026-Q3/team/build.yaml &&
	git status --porcelain --untracked-files=all >../status &&
	test_must_be_empty ../status &&
	git_fsck_clean &&
	message | grep "^Okr-Renamed: 2026-Q3/ship -> 2026-Q3/company/launch$" &&
	okr check --as-of 2026-09-21 >../out &&
	! grep error ../out
EOT

test_expect_success 'refused: an id that exists, a bad id, another objective or period' - <<\EOT
	make_quarter &&
	refused mv 2026-Q3/ship#users ship#launch &&
	test_grep "has a key result .launch. already" ../err &&
	refused mv 2026-Q3/ship#users "ship#Bad Id" &&
	refused mv 2026-Q3/ship#users team/build#users &&
	test_grep "okr mv renames a key result within its objective" ../err &&
	refused mv 2026-Q3/ship#users users2 &&
	refused mv 2026-Q3/ship team/build &&
	test_grep "2026-Q3/team/build.yaml. exists already" ../err &&
	refused mv 2026-Q3/ship 2026-Q4/ship &&
	test_grep "within its period" ../err &&
	refused mv 2026-Q3/ship ../escape &&
	refused mv 2026-Q3/nothing x
EOT

test_expect_success 'refused: uncommitted changes, an untracked file at the new path' - <<\EOT
	make_quarter &&
	echo "# mine" >>2026-Q3/team/build.yaml &&
	refused mv 2026-Q3/ship launch &&
	test_grep "2026-Q3/team/build.yaml. has uncommitted changes" ../err &&
	git checkout -q . &&
	mkdir -p 2026-Q3/x && echo "objective: x" >2026-Q3/x/y.yml &&
	printf "objective: draft\n" >../draft && cp ../draft 2026-Q3/x/launch.yaml &&
	refused mv 2026-Q3/ship x/launch
EOT

test_done
