#!/bin/bash
test_description='history reads the same from loose objects, packs and libgit2 alone, and never drops what it cannot read'
. "$(dirname "$0")/lib.sh"

# obj ID USERS LATENCY DONE MILESTONES_DONE: an objective with a metric,
# a threshold, a binary and a milestone key result
obj() {
	mkdir -p 2026-Q4/team &&
	{
		printf 'objective: Objective %s\nlevel: company\nowner: Test Team\n' "$1"
		printf 'key_results:\n'
		printf '  - id: users\n    title: Users\n    start: 0\n    target: 100\n'
		printf '    current: %s\n    confidence: 0.%s\n' "$2" "$((($2 % 9) + 1))"
		printf '  - id: latency\n    title: Latency\n    at_most: 200\n    current: %s\n' "$3"
		printf '  - id: launch\n    title: Launch\n    done: %s\n' "$4"
		printf '  - id: steps\n    title: Steps\n    milestones:\n'
		for i in 1 2 3 4; do
			printf '      - title: Step %s\n        done: %s\n' "$i" \
				"$(test "$i" -le "$5" && echo true || echo false)"
		done
		# padding, so that the versions of the file are deltas of each other
		for i in $(seq 1 40); do
			printf '# note %s: a line that stays the same from version to version\n' "$i"
		done
	} >"2026-Q4/team/$1.yaml"
}

# at DAY MESSAGE
at() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T10:00:00+00:00" GIT_COMMITTER_DATE="$1T10:00:00+00:00" \
	git commit -q -m "$2"
}

# checkin DAY ID KR VALUE
checkin() {
	at "$1" "$(printf 'okr: 2026-Q4/team/%s#%s\n\nOkr-Ref: 2026-Q4/team/%s#%s\nOkr-Value: %s' \
		"$2" "$3" "$2" "$3" "$4")"
}

# A quarter of check-ins and hand edits on two objectives.
make_history() {
	make_repo . &&
	obj alpha 0 300 false 0 && obj beta 10 250 false 0 && at 2026-09-20 'okr: init' &&
	day=1 &&
	for n in 1 2 3 4 5 6 7 8 9 10 11 12; do
		d=$(printf '2026-10-%02d' "$day") &&
		obj alpha $((n * 7)) $((300 - n * 9)) false $((n / 4)) &&
		if test $((n % 3)) = 0; then
			at "$d" "hand edit $n"
		else
			checkin "$d" alpha users $((n * 7))
		fi &&
		obj beta $((10 + n * 5)) $((250 - n * 4)) $(test $n -ge 9 && echo true || echo false) 0 &&
		if test $((n % 4)) = 0; then
			at "$d" "beta by hand $n"
		else
			checkin "$d" beta latency $((250 - n * 4))
		fi &&
		day=$((day + 2)) || return 1
	done &&
	echo readme >README && at 2026-10-27 'readme' &&
	obj alpha 90 180 true 4 && at 2026-10-28 'finish alpha by hand'
}

# outputs DIR: report, agenda and log into DIR
outputs() {
	mkdir -p "$1" &&
	for d in 2026-10-10 2026-10-28; do
		okr report 2026-Q4 --as-of $d >"$1/report-$d.md" &&
		okr report 2026-Q4 --as-of $d --format json >"$1/report-$d.json" &&
		okr agenda --as-of $d >"$1/agenda-$d.md" || return 1
	done &&
	okr report 2026-10 --as-of 2026-10-28 >"$1/report-month.md" &&
	okr log team/alpha --as-of 2026-10-31 >"$1/log-alpha" &&
	okr log team/beta --as-of 2026-10-31 >"$1/log-beta" &&
	okr log team/alpha#steps --as-of 2026-10-31 >"$1/log-alpha-steps"
}

# The commit cache (t0630) would hand out the commits of the first run to
# the others: off, so that each store is read for every object.
test_expect_success 'loose objects, a repacked store and OKR_NO_PACK=1 read the same history' '
	make_history &&
	git count-objects -v | test_grep "^packs: 0" - &&
	OKR_NO_COMMIT_CACHE=1 outputs loose &&
	test_line_count -gt 8 loose/log-alpha &&
	test_grep "(hand edit)" loose/log-alpha &&
	test_grep "(hand edit)" loose/log-beta &&
	git repack -adfq --depth=50 --window=250 &&
	git count-objects -v | test_grep "^count: 0" - &&
	OKR_NO_COMMIT_CACHE=1 outputs packed &&
	OKR_NO_PACK=1 outputs libgit2 &&
	! test -e .git/okr-commit-cache &&
	outputs cache-cold &&
	outputs cache-warm &&
	test -s .git/okr-commit-cache &&
	diff -r loose packed &&
	diff -r loose libgit2 &&
	diff -r loose cache-cold &&
	diff -r loose cache-warm
'

test_expect_success 'a partial clone: history that needs a missing blob is an error naming it' '
	make_history &&
	git config uploadpack.allowFilter true &&
	git clone -q --no-local --filter=blob:none "file://$PWD" partial 2>err &&
	okr log team/alpha --as-of 2026-10-31 >full &&
	test_expect_code 2 okr -C partial log team/alpha --as-of 2026-10-31 >out 2>err &&
	test_grep "^okr: error: .*cannot read blob [0-9a-f]\{40\}" err &&
	test_grep "2026-Q4/team/alpha.yaml" err &&
	test_expect_code 2 okr -C partial report 2026-Q4 --as-of 2026-10-28 >out 2>err &&
	test_grep "^okr: error: .*cannot read blob [0-9a-f]\{40\}" err
'

test_expect_success 'a missing object in a damaged repository is an error, not a shorter history' '
	make_history &&
	okr log team/beta --as-of 2026-10-31 >full &&
	blob=$(git rev-parse HEAD~4:2026-Q4/team/beta.yaml) &&
	rm -f .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	# (the commit cache holds what the first log made of the blob; t0630)
	rm -f .git/okr-commit-cache &&
	test_expect_code 2 okr log team/beta --as-of 2026-10-31 >out 2>err &&
	test_grep "cannot read blob $blob" err &&
	OKR_NO_PACK=1 test_expect_code 2 okr report 2026-Q4 --as-of 2026-10-28 >out 2>err &&
	test_grep "cannot read blob $blob" err
'

test_expect_success 'a blob of the period-start snapshot that cannot be read is an error' '
	make_history &&
	git count-objects -v | test_grep "^packs: 0" - &&
	okr report 2026-Q4 --as-of 2026-10-28 >full &&
	blob=$(git rev-parse "$(git rev-list --max-parents=0 HEAD):2026-Q4/team/beta.yaml") &&
	rm -f .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	test_expect_code 2 okr report 2026-Q4 --as-of 2026-10-28 >out 2>err &&
	test_grep "^okr: error: cannot read the history: .*cannot read blob $blob" err &&
	test_must_be_empty out
'

test_expect_success 'a commit message in ISO-8859-1 reaches log and agenda as UTF-8' '
	make_repo . &&
	obj alpha 0 300 false 0 && at 2026-09-20 "okr: init" &&
	obj alpha 10 300 false 0 &&
	printf "R\\xe6kefylke: tall fra \\xd8stlandet\\n" >msg &&
	git add -A &&
	GIT_AUTHOR_NAME="$(printf "\\xc5se \\xd8vre")" GIT_AUTHOR_DATE=2026-10-05T10:00:00+00:00 \
	GIT_COMMITTER_DATE=2026-10-05T10:00:00+00:00 \
	git -c i18n.commitEncoding=ISO-8859-1 commit -q -F msg &&
	git cat-file commit HEAD | test_grep "^encoding ISO-8859-1" - &&
	obj alpha 20 300 false 0 &&
	printf "okr: 2026-Q4/team/alpha#users 10 -> 20\\n\\nGr\\xf8nt lys\\n\\nOkr-Ref: 2026-Q4/team/alpha#users\\nOkr-Value: 20\\n" >msg &&
	git add -A &&
	GIT_AUTHOR_DATE=2026-10-06T10:00:00+00:00 GIT_COMMITTER_DATE=2026-10-06T10:00:00+00:00 \
	git -c i18n.commitEncoding=ISO-8859-1 commit -q -F msg &&
	okr log team/alpha#users --as-of 2026-10-31 >out &&
	iconv -f UTF-8 -t UTF-8 out >/dev/null &&
	test_grep "Rækefylke: tall fra Østlandet (hand edit)" out &&
	test_grep "Åse Øvre" out &&
	test_grep "Grønt lys" out &&
	okr agenda --as-of 2026-10-07 >agenda &&
	iconv -f UTF-8 -t UTF-8 agenda >/dev/null &&
	test_grep "Grønt lys" agenda
'

test_done
