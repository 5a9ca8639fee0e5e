#!/bin/bash
test_description='okr update: check-ins, milestones, references, refusals'
. "$(dirname "$0")/lib.sh"

# Every test works in ./repo; files that must not end up in the repository
# (snapshots, expected files) live next to it in the trash folder.
FIX=$TEST_FIXTURES/update/instant-platform.yaml
F=2026-Q4/platform/instant-platform.yaml
REF=2026-Q4/platform/instant-platform

setup() {
	make_repo repo && cd repo &&
	mkdir -p 2026-Q4/platform &&
	cp "$FIX" "$F" &&
	git add . && git commit -q -m setup
}

# The commit message exactly as stored.
message() {
	git cat-file commit "${1:-HEAD}" | sed '1,/^$/d'
}

# The repository is valid for git and shows nothing to commit.
git_clean() {
	git fsck --strict >../fsck.out 2>&1 || { cat ../fsck.out >&2; return 1; }
	git status --porcelain >../status.out &&
	test_must_be_empty ../status.out
}

# A commit that holds exactly the one file (path from the top of git).
commit_holds() {
	git show --name-only --format= "${2:-HEAD}" >../names.out &&
	echo "$1" >../names.expect &&
	test_cmp ../names.expect ../names.out
}

snapshot() {
	git rev-parse HEAD >../head.before &&
	cp "$F" ../file.before &&
	git status --porcelain >../status.before
}

# Nothing moved since snapshot: HEAD, the file's bytes, git status.
unchanged() {
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	cmp "$F" ../file.before &&
	git status --porcelain >../status.after &&
	test_cmp ../status.before ../status.after
}

# okr must refuse with exit 2, a one-line "okr: error:" and change nothing.
refused() {
	snapshot &&
	test_expect_code 2 okr "$@" >../out 2>../err &&
	test_must_be_empty ../out &&
	test_line_count = 1 ../err &&
	test_grep '^okr: error: ' ../err &&
	unchanged
}

test_expect_success 'metric check-in: file, subject, body and trailers' - <<\EOT
	setup &&
	okr update $REF#p95-latency 420 -c 0.5 -m "Connection pooling in production" \
		--date 2026-11-20 &&
	sed -e '9s/450/420/' -e '11s/0.6/0.5/' -e '12s/2026-11-13/2026-11-20/' \
		"$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	cat >../msg.expect <<-EOF &&
	okr: 2026-Q4/platform/instant-platform#p95-latency 450 -> 420 ms

	Connection pooling in production

	Okr-Ref: 2026-Q4/platform/instant-platform#p95-latency
	Okr-Value: 420
	Okr-Confidence: 0.5
	EOF
	message >../msg.out &&
	test_cmp ../msg.expect ../msg.out &&
	commit_holds $F &&
	test "$(git rev-parse HEAD~1)" = "$(git rev-parse HEAD@{1})" &&
	git_clean &&
	okr check --as-of 2026-11-20 >/dev/null
EOT

test_expect_success 'threshold check-in without -m: subject and trailers only' - <<\EOT
	setup &&
	okr update $REF#uptime 99.97 --date 2026-11-20 &&
	sed -e '20s/99.95/99.97/' -e '22s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	cat >../msg.expect <<-EOF &&
	okr: 2026-Q4/platform/instant-platform#uptime 99.95 -> 99.97 %

	Okr-Ref: 2026-Q4/platform/instant-platform#uptime
	Okr-Value: 99.97
	EOF
	message >../msg.out &&
	test_cmp ../msg.expect ../msg.out &&
	git_clean
EOT

test_expect_success 'a threshold may move below its bound (off track, still valid)' - <<\EOT
	setup &&
	okr update $REF#uptime 98.5 --date 2026-11-20 &&
	sed -e '20s/99.95/98.5/' -e '22s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	git_clean
EOT

test_expect_success 'decimal and negative values are written as numbers' - <<\EOT
	setup &&
	okr update $REF#p95-latency 412.5 --date 2026-11-20 &&
	okr update --date 2026-11-21 $REF#p95-latency -- -3 &&
	sed -e '9s/450/-3/' -e '12s/2026-11-13/2026-11-21/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	message HEAD~1 | head -n 1 >../s1 &&
	echo "okr: $REF#p95-latency 450 -> 412.5 ms" >../s1.expect &&
	test_cmp ../s1.expect ../s1 &&
	message | head -n 1 >../s2 &&
	echo "okr: $REF#p95-latency 412.5 -> -3 ms" >../s2.expect &&
	test_cmp ../s2.expect ../s2
EOT

test_expect_success 'an unchanged value still commits and moves updated' - <<\EOT
	setup &&
	old=$(git rev-parse HEAD) &&
	okr update $REF#p95-latency 450 --date 2026-11-20 &&
	test "$(git rev-parse HEAD~1)" = "$old" &&
	sed -e '12s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	message | head -n 1 >../subject &&
	echo "okr: $REF#p95-latency 450 -> 450 ms" >../subject.expect &&
	test_cmp ../subject.expect ../subject &&
	git_clean
EOT

test_expect_success 'the same value on the same day still makes a commit' - <<\EOT
	setup &&
	okr update $REF#p95-latency 420 --date 2026-11-20 &&
	first=$(git rev-parse HEAD) &&
	okr update $REF#p95-latency 420 --date 2026-11-20 &&
	test "$(git rev-parse HEAD~1)" = "$first" &&
	git log --format=%s >../log &&
	test_line_count = 3 ../log &&
	git_clean
EOT

test_expect_success 'without --date, updated is today and the period is today'"'"'s' - <<\EOT
	make_repo repo && cd repo &&
	today=$(date +%Y-%m-%d) &&
	m=$(date +%m) && m=${m#0} &&
	period=$(date +%Y)-Q$(( (m - 1) / 3 + 1 )) &&
	make_objective $period/t/now.yaml &&
	git add . && git commit -q -m setup &&
	okr update now#kr 7 &&
	grep -x "    updated: $today" $period/t/now.yaml &&
	grep -x "    current: 7" $period/t/now.yaml &&
	message | grep -x "Okr-Ref: $period/t/now#kr"
EOT

test_expect_success '--date chooses the period of the reference' - <<\EOT
	setup &&
	mkdir -p 2026-Q3/platform &&
	sed '12s/2026-11-13/2026-09-01/' "$FIX" >2026-Q3/platform/instant-platform.yaml &&
	git add . && git commit -q -m "last quarter" &&
	okr update instant-platform#p95-latency 300 --date 2026-09-15 &&
	cmp "$FIX" "$F" &&
	sed -e '9s/450/300/' -e '12s/2026-11-13/2026-09-15/' "$FIX" >../expect &&
	test_cmp ../expect 2026-Q3/platform/instant-platform.yaml &&
	commit_holds 2026-Q3/platform/instant-platform.yaml &&
	message | grep -x "Okr-Ref: 2026-Q3/platform/instant-platform#p95-latency" &&
	okr update instant-platform#p95-latency 440 --date 2026-11-20 &&
	commit_holds $F &&
	git_clean
EOT

test_expect_success '--no-commit writes the file and stages nothing' - <<\EOT
	setup &&
	old=$(git rev-parse HEAD) &&
	okr update $REF#p95-latency 420 --date 2026-11-20 --no-commit &&
	sed -e '9s/450/420/' -e '12s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	test "$(git rev-parse HEAD)" = "$old" &&
	git diff --cached --name-only >../cached &&
	test_must_be_empty ../cached &&
	git diff --name-only >../changed &&
	echo $F >../changed.expect &&
	test_cmp ../changed.expect ../changed &&
	git fsck --strict
EOT

test_expect_success 'binary: done, then not-done' - <<\EOT
	setup &&
	okr update $REF#edge-cache done --date 2026-11-20 &&
	sed -e '15s/false/true/' -e '16s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	cat >../msg.expect <<-EOF &&
	okr: 2026-Q4/platform/instant-platform#edge-cache not-done -> done

	Okr-Ref: 2026-Q4/platform/instant-platform#edge-cache
	Okr-Value: done
	EOF
	message >../msg.out &&
	test_cmp ../msg.expect ../msg.out &&
	okr update $REF#edge-cache not-done --date 2026-11-21 &&
	sed -e '16s/2026-11-13/2026-11-21/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	message | head -n 1 >../subject &&
	echo "okr: $REF#edge-cache done -> not-done" >../subject.expect &&
	test_cmp ../subject.expect ../subject &&
	git_clean
EOT

test_expect_success 'milestone key result: --milestone by number' - <<\EOT
	setup &&
	okr update $REF#migration --milestone 2 done --date 2026-11-20 &&
	sed -e '32s/false/true/' -e '25s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	message | head -n 1 | grep "^okr: $REF#migration " &&
	message | grep -x "Okr-Ref: $REF#migration" &&
	commit_holds $F &&
	git_clean
EOT

test_expect_success 'milestone key result: --milestone by exact title, -m is the body' - <<\EOT
	setup &&
	okr update instant-platform#migration --milestone "All migrated" done \
		-m "Last service moved" --date 2026-11-20 &&
	sed -e '35s/false/true/' -e '25s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	message | sed -n 3p >../body &&
	echo "Last service moved" >../body.expect &&
	test_cmp ../body.expect ../body &&
	git_clean
EOT

test_expect_success 'objective milestones: by number and by title' - <<\EOT
	setup &&
	okr update $REF --milestone 2 done --date 2026-11-20 &&
	sed -e '42s/false/true/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	message | grep -x "Okr-Ref: $REF" &&
	okr update instant-platform --milestone Kick-off not-done --date 2026-11-20 &&
	sed -e '42s/false/true/' -e '39s/true/false/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	git log --format=%s >../log &&
	test_line_count = 3 ../log &&
	git_clean
EOT

test_expect_success 'a milestone that does not exist is refused' - <<\EOT
	setup &&
	refused update $REF#migration --milestone 4 done --date 2026-11-20 &&
	refused update $REF#migration --milestone 0 done --date 2026-11-20 &&
	refused update $REF#migration --milestone "all migrated" done --date 2026-11-20 &&
	refused update $REF --milestone "Kick-off " done --date 2026-11-20 &&
	refused update $REF --milestone 3 done --date 2026-11-20
EOT

test_expect_success 'references: full, without period, unique suffix' - <<\EOT
	setup &&
	okr update 2026-Q4/platform/instant-platform#p95-latency 440 --date 2026-11-20 &&
	okr update platform/instant-platform#p95-latency 430 --date 2026-11-20 &&
	okr update instant-platform#p95-latency 420 --date 2026-11-20 &&
	git log --format=%s -3 >../log &&
	cat >../log.expect <<-EOF &&
	okr: $REF#p95-latency 430 -> 420 ms
	okr: $REF#p95-latency 440 -> 430 ms
	okr: $REF#p95-latency 450 -> 440 ms
	EOF
	test_cmp ../log.expect ../log &&
	git_clean
EOT

test_expect_success 'an ambiguous reference is refused and lists the candidates' - <<\EOT
	setup &&
	mkdir -p 2026-Q4/web &&
	cp "$FIX" 2026-Q4/web/instant-platform.yaml &&
	git add . && git commit -q -m "second" &&
	snapshot &&
	test_expect_code 2 okr update instant-platform#p95-latency 420 \
		--date 2026-11-20 2>../err &&
	test_grep '^okr: error: ' ../err &&
	test_grep 'ambiguous' ../err &&
	test_grep '2026-Q4/platform/instant-platform' ../err &&
	test_grep '2026-Q4/web/instant-platform' ../err &&
	unchanged &&
	cmp "$FIX" 2026-Q4/web/instant-platform.yaml &&
	okr update web/instant-platform#p95-latency 420 --date 2026-11-20 &&
	commit_holds 2026-Q4/web/instant-platform.yaml
EOT

test_expect_success 'unknown references are refused' - <<\EOT
	setup &&
	refused update no-such-objective#p95-latency 420 --date 2026-11-20 &&
	refused update instant-platform#no-such-kr 420 --date 2026-11-20 &&
	refused update 2027-Q1/platform/instant-platform#p95-latency 420 --date 2026-11-20 &&
	refused update instant-platform#p95-latency 420 --date 2027-01-15 &&
	refused update stant-platform#p95-latency 420 --date 2026-11-20
EOT

test_expect_success 'an unknown key result lists the key results there are' - <<\EOT
	setup &&
	test_expect_code 2 okr update instant-platform#p95 420 --date 2026-11-20 2>../err &&
	test_grep 'p95-latency' ../err
EOT

test_expect_success 'an unknown objective lists candidates (a close one here)' - <<\EOT
	setup &&
	test_expect_code 2 okr update instant-platfrom#p95-latency 420 \
		--date 2026-11-20 2>../err &&
	test_grep 'platform/instant-platform' ../err
EOT

test_expect_success 'values that do not fit the key result are refused' - <<\EOT
	setup &&
	refused update $REF#p95-latency fast --date 2026-11-20 &&
	refused update $REF#p95-latency done --date 2026-11-20 &&
	refused update $REF#p95-latency "" --date 2026-11-20 &&
	refused update $REF#p95-latency 1e999 --date 2026-11-20 &&
	refused update $REF#p95-latency nan --date 2026-11-20 &&
	refused update $REF#p95-latency "420 ms" --date 2026-11-20 &&
	refused update $REF#uptime high --date 2026-11-20 &&
	refused update $REF#edge-cache 1 --date 2026-11-20 &&
	refused update $REF#edge-cache yes --date 2026-11-20 &&
	refused update $REF#migration 3 --date 2026-11-20 &&
	refused update $REF#migration --milestone 1 maybe --date 2026-11-20 &&
	refused update $REF#p95-latency --milestone 1 done --date 2026-11-20 &&
	refused update $REF 420 --date 2026-11-20
EOT

test_expect_success 'a confidence outside 0..1 is refused' - <<\EOT
	setup &&
	refused update $REF#p95-latency 420 -c 2 --date 2026-11-20 &&
	refused update $REF#p95-latency 420 --confidence 1.5 --date 2026-11-20 &&
	refused update $REF#p95-latency 420 -c -0.1 --date 2026-11-20 &&
	refused update $REF#p95-latency 420 -c high --date 2026-11-20 &&
	okr update $REF#p95-latency 420 -c 1 --date 2026-11-20 &&
	okr update $REF#p95-latency 420 -c 0 --date 2026-11-21 &&
	sed -e '9s/450/420/' -e '11s/0.6/0/' -e '12s/2026-11-13/2026-11-21/' \
		"$FIX" >../expect &&
	test_cmp ../expect "$F"
EOT

test_expect_success 'bad dates and usage errors are refused' - <<\EOT
	setup &&
	refused update $REF#p95-latency 420 --date 2026-13-01 &&
	refused update $REF#p95-latency 420 --date 2026-02-30 &&
	refused update $REF#p95-latency 420 --date yesterday &&
	snapshot &&
	test_expect_code 2 okr update $REF#p95-latency 420 --bogus 2>/dev/null &&
	test_expect_code 2 okr update $REF#p95-latency 2>/dev/null &&
	test_expect_code 2 okr update 2>/dev/null &&
	unchanged
EOT

test_expect_success 'an update that leaves the file invalid elsewhere is refused' - <<\EOT
	setup &&
	sed -i '8s/200/800/' "$F" &&
	git commit -q -a -m "start == target" &&
	refused update $REF#uptime 99.97 --date 2026-11-20
EOT

test_expect_success 'run from a sub-folder of the OKR root, and with -C' - <<\EOT
	setup &&
	(cd 2026-Q4/platform && okr update instant-platform#p95-latency 430 \
		--date 2026-11-20) &&
	(cd .. && okr -C repo update instant-platform#p95-latency 420 \
		--date 2026-11-20) &&
	sed -e '9s/450/420/' -e '12s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect "$F" &&
	git log --format=%s -2 >../log &&
	cat >../log.expect <<-EOF &&
	okr: $REF#p95-latency 430 -> 420 ms
	okr: $REF#p95-latency 450 -> 430 ms
	EOF
	test_cmp ../log.expect ../log &&
	git_clean
EOT

test_expect_success 'the OKR root in a sub-folder of a bigger repository' - <<\EOT
	git init -q big && cd big &&
	echo "hello" >README &&
	git add README && git commit -q -m "other project" &&
	mkdir -p okr/2026-Q4/platform &&
	printf 'organisation: Test AS\n' >okr/okr.yaml &&
	cp "$FIX" okr/$F &&
	git add okr && git commit -q -m "okr files" &&
	(cd okr/2026-Q4 && okr update instant-platform#p95-latency 420 \
		--date 2026-11-20) &&
	git show --name-only --format= HEAD >../names &&
	echo "okr/$F" >../names.expect &&
	test_cmp ../names.expect ../names &&
	message | grep -x "Okr-Ref: $REF#p95-latency" &&
	sed -e '9s/450/420/' -e '12s/2026-11-13/2026-11-20/' "$FIX" >../expect &&
	test_cmp ../expect okr/$F &&
	git fsck --strict &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success '--date authors the check-in on that day; GIT_AUTHOR_DATE still wins' - <<\EOT
	setup &&
	okr update instant-platform#p95-latency 420 --date 2026-11-20 &&
	git log -1 --format=%ad --date=short >../day &&
	echo 2026-11-20 >../day.expect &&
	test_cmp ../day.expect ../day &&
	git log -1 --format=%cd --date=short >../cday &&
	date +%Y-%m-%d >../cday.expect &&
	test_cmp ../cday.expect ../cday &&
	GIT_AUTHOR_DATE="2026-11-24T08:00:00+00:00" \
		okr update instant-platform#p95-latency 410 --date 2026-11-21 &&
	git log -1 --format=%ad --date=iso-strict >../when &&
	echo 2026-11-24T08:00:00+00:00 >../when.expect &&
	test_cmp ../when.expect ../when
EOT

test_expect_success 'a reference to a file that does not load names the file and why' - <<\EOT
	setup &&
	mkdir -p 2026-Q4/web &&
	printf 'objective: [broken\n' >2026-Q4/web/bad.yaml &&
	git add . && git commit -q -m broken &&
	test_expect_code 2 okr update bad#a 1 --date 2026-11-20 2>../err &&
	test_grep "^okr: error: no objective 'bad' in 2026-Q4" ../err &&
	test_grep "^hint: 2026-Q4/web/bad.yaml:2:1: yaml syntax" ../err
EOT

test_done
