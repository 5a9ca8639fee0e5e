#!/bin/bash
test_description='okr check: files okr would otherwise skip, and named paths that are no file'
. "$(dirname "$0")/lib.sh"

test_expect_success 'a .yml file in a period folder is warned about, not skipped silently' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml &&
	make_objective 2026-Q4/t/b.yml &&
	make_objective notes/c.yml &&
	okr check --as-of 2026-11-21 >out &&
	echo "2026-Q4/t/b.yml:1:1: warning: file is not read: okr reads '.yaml' files (rename it)" >expect &&
	test_cmp expect out &&
	test_expect_code 1 okr check --strict --as-of 2026-11-21 >/dev/null &&
	okr check --as-of 2026-11-21 --format gitlab >out.json &&
	test_grep '"check_name": "yml-file"' out.json
EOT

test_expect_success 'a named path that is not a regular file is an error' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml &&
	mkfifo 2026-Q4/t/pipe.yaml &&
	test_expect_code 2 run_limited okr check 2026-Q4/t/pipe.yaml 2>err &&
	test_grep "'2026-Q4/t/pipe.yaml' is not a regular file" err &&
	okr check --as-of 2026-11-21 2026-Q4/t/a.yaml >out &&
	test_must_be_empty out
EOT

test_expect_success 'a named folder is an error that says what to do, not a silent pass' - <<\EOT
	make_repo . &&
	make_objective 2026-Q4/t/a.yaml &&
	make_objective 2026-Q4/t/bad.yaml team company/nope &&
	git add . && git commit -q -m objectives &&
	for p in 2026-Q4/t 2026-Q4/t/ 2026-Q4 . "$PWD"
	do
		test_expect_code 2 okr check --as-of 2026-11-21 "$p" >out 2>err &&
		test_must_be_empty out &&
		echo "okr: error: '$p' is a folder: name its files, or run 'okr check' without paths to check the whole repository" >expect &&
		test_cmp expect err || return 1
	done &&
	test_expect_code 2 okr check --rev HEAD 2026-Q4/t 2>err &&
	test_grep "'2026-Q4/t' is a folder: name its files" err &&
	(cd 2026-Q4 && test_expect_code 2 okr check t 2>../err) &&
	test_grep "'t' is a folder" err &&
	(cd 2026-Q4 && test_expect_code 1 okr check --as-of 2026-11-21 t/bad.yaml >../out) &&
	test_grep "^t/bad.yaml:.*error: parent 'company/nope'" out
EOT

test_done
