#!/bin/bash
test_description='okr sync: fetch, replay local check-ins on the remote, push'
. "$(dirname "$0")/lib.sh"

# An objective with two metric key results, a and b, both at 0.
two_krs() {
	mkdir -p "$(dirname "$1")" &&
	printf '%s\n' \
		'objective: Sync me' \
		'level: company' \
		'owner: Test Team' \
		'key_results:' \
		'  - id: a' \
		'    title: First' \
		'    start: 0' \
		'    target: 100' \
		'    current: 0' \
		'  - id: b' \
		'    title: Second' \
		'    start: 0' \
		'    target: 100' \
		'    current: 0' >"$1"
}

# remote.git (bare, branch main) holding one commit, and clones a and b.
setup() {
	git init -q --bare -b main remote.git &&
	make_repo seed &&
	(
		cd seed &&
		two_krs 2026-Q4/t/one.yaml &&
		two_krs 2026-Q4/t/two.yaml &&
		git add . && git commit -q -m setup &&
		git push -q ../remote.git HEAD:main
	) &&
	git clone -q remote.git a &&
	git clone -q remote.git b
}

# $1: file, $2: key result id: prints its current value.
current_of() {
	awk -v id="$2" '$0 ~ "- id: " id "$" { on = 1; next }
		/- id: / { on = 0 }
		on && $1 == "current:" { print $2 }' "$1"
}

# Everything okr sync must leave alone when it fails, of repository $1.
snapshot() {
	{
		git -C "$1" rev-parse HEAD refs/heads/main &&
		git -C "$1" symbolic-ref HEAD &&
		git -C "$1" status --porcelain --untracked-files=all &&
		git -C "$1" diff --cached &&
		git -C "$1" diff &&
		cat "$1"/2026-Q4/t/one.yaml "$1"/2026-Q4/t/two.yaml
	} >"$2"
}

checkin() {
	# $1: clone, $2: reference, $3: value
	(cd "$1" && okr update "$2" "$3" --date 2026-11-20 >/dev/null)
}

test_expect_success 'nothing to do: exit 0 and nothing moves' '
	setup && cd a &&
	before=$(git rev-parse HEAD) &&
	okr sync >out &&
	echo "already up to date with origin/main" >expect &&
	test_cmp expect out &&
	test "$(git rev-parse HEAD)" = "$before"
'

test_expect_success 'a check-in made elsewhere is pulled (fast-forward)' '
	setup &&
	checkin b one#a 30 &&
	(cd b && okr sync >/dev/null) &&
	okr -C a sync >out &&
	echo "pulled 1 commit from origin/main" >expect &&
	test_cmp expect out &&
	test "$(git -C a rev-parse HEAD)" = "$(git -C b rev-parse HEAD)" &&
	test "$(current_of a/2026-Q4/t/one.yaml a)" = 30 &&
	git -C a status --porcelain >st &&
	test_must_be_empty st
'

test_expect_success 'local check-ins are pushed' '
	setup &&
	checkin a one#a 10 &&
	checkin a two#b 20 &&
	cd a &&
	okr sync >out &&
	echo "synced 2 check-ins with origin/main" >expect &&
	test_cmp expect out &&
	test "$(git -C ../remote.git rev-parse main)" = "$(git rev-parse HEAD)" &&
	test "$(git rev-parse origin/main)" = "$(git rev-parse HEAD)" &&
	okr sync >out &&
	echo "already up to date with origin/main" >expect &&
	test_cmp expect out
'

test_expect_success 'check-ins on two key results of one file combine' '
	setup &&
	checkin a one#a 30 &&
	(export GIT_AUTHOR_NAME="Bea Bee" && checkin b one#b 40) &&
	(cd a && okr sync >/dev/null) &&
	okr -C b sync >out &&
	echo "synced 1 check-in with origin/main (1 new from the remote)" >expect &&
	test_cmp expect out &&
	test "$(current_of b/2026-Q4/t/one.yaml a)" = 30 &&
	test "$(current_of b/2026-Q4/t/one.yaml b)" = 40 &&
	git -C b status --porcelain >st &&
	test_must_be_empty st &&
	git -C remote.git log --format="%an|%cn|%s" main >log &&
	printf "%s\n" \
		"Bea Bee|C O Mitter|okr: 2026-Q4/t/one#b 0 -> 40" \
		"A U Thor|C O Mitter|okr: 2026-Q4/t/one#a 0 -> 30" \
		"A U Thor|C O Mitter|setup" >expect &&
	test_cmp expect log &&
	git -C remote.git log -1 --format=%B main >msg &&
	test_grep "^Okr-Value: 40$" msg &&
	git -C b fsck --strict 2>&1 &&
	git -C remote.git fsck --strict 2>&1 &&
	okr -C a sync >out &&
	echo "pulled 1 commit from origin/main" >expect &&
	test_cmp expect out &&
	cmp a/2026-Q4/t/one.yaml b/2026-Q4/t/one.yaml
'

test_expect_success 'the same check-in on both sides: both are kept' '
	setup &&
	checkin a one#a 30 &&
	(export GIT_AUTHOR_NAME="Bea Bee" && checkin b one#a 30) &&
	(cd a && okr sync >/dev/null) &&
	okr -C b sync >out &&
	echo "synced 1 check-in with origin/main (1 new from the remote)" >expect &&
	test_cmp expect out &&
	git -C remote.git log --format="%an|%s" main >log &&
	printf "%s\n" "Bea Bee|okr: 2026-Q4/t/one#a 0 -> 30" \
		"A U Thor|okr: 2026-Q4/t/one#a 0 -> 30" "A U Thor|setup" >expect &&
	test_cmp expect log &&
	test "$(current_of b/2026-Q4/t/one.yaml a)" = 30
'

test_expect_success 'a real conflict: exit 2, nothing changed' '
	setup &&
	checkin a one#a 30 &&
	checkin b one#a 50 &&
	(cd a && okr sync >/dev/null) &&
	echo "draft" >b/notes.txt &&
	echo "# wip" >>b/2026-Q4/t/two.yaml &&
	snapshot b before &&
	test_expect_code 2 okr -C b sync >out 2>err &&
	test_must_be_empty out &&
	echo "okr: error: a check-in conflicts with the remote: 2026-Q4/t/one.yaml; nothing was changed" >expect &&
	test_cmp expect err &&
	snapshot b after &&
	test_cmp before after &&
	test "$(current_of b/2026-Q4/t/one.yaml a)" = 50 &&
	git -C b fsck 2>&1
'

test_expect_success 'local changes to a file the sync changes: exit 2, nothing changed' '
	setup &&
	checkin a one#a 30 &&
	(cd a && okr sync >/dev/null) &&
	checkin b two#b 40 &&
	echo "# wip" >>b/2026-Q4/t/one.yaml &&
	snapshot b before &&
	test_expect_code 2 okr -C b sync 2>err &&
	test_grep "local changes to .2026-Q4/t/one.yaml. would be overwritten" err &&
	snapshot b after &&
	test_cmp before after
'

test_expect_success 'local changes elsewhere stay as they are' '
	setup &&
	checkin a one#a 30 &&
	(cd a && okr sync >/dev/null) &&
	echo "# wip" >>b/2026-Q4/t/two.yaml &&
	echo "draft" >b/notes.txt &&
	okr -C b sync >/dev/null &&
	test "$(current_of b/2026-Q4/t/one.yaml a)" = 30 &&
	git -C b status --porcelain >st &&
	printf "%s\n" " M 2026-Q4/t/two.yaml" "?? notes.txt" >expect &&
	test_cmp expect st
'

# A git daemon serving remote.git, so that its hooks run (libgit2 pushes
# to a local path itself, without receive-pack or hooks).
start_daemon() {
	local try
	for try in 1 2 3 4 5; do
		port=$((20000 + RANDOM % 20000))
		git daemon --reuseaddr --base-path="$PWD" --export-all \
			--enable=receive-pack --listen=127.0.0.1 --port=$port \
			--pid-file="$PWD/daemon.pid" "$PWD/remote.git" >/dev/null 2>daemon.log &
		daemon=$!
		for i in 1 2 3 4 5 6 7 8 9 10; do
			test -s daemon.pid && git ls-remote "git://127.0.0.1:$port/remote.git" >/dev/null 2>&1 && return 0
			sleep 0.2
		done
		kill $daemon 2>/dev/null
		rm -f daemon.pid
	done
	return 1
}

if git daemon --help >/dev/null 2>&1 || test -x "$(git --exec-path)/git-daemon"; then
test_expect_success 'a rejected push: exit 2, the branch goes back' '
	setup &&
	checkin b one#b 40 &&
	(cd b && okr sync >/dev/null) &&
	checkin a one#a 30 &&
	start_daemon &&
	trap "kill \$daemon 2>/dev/null" EXIT &&
	printf "#!/bin/sh\nexit 1\n" >remote.git/hooks/pre-receive &&
	chmod +x remote.git/hooks/pre-receive &&
	git -C a remote add net "git://127.0.0.1:$port/remote.git" &&
	snapshot a before &&
	remote_before=$(git -C remote.git rev-parse main) &&
	{ okr -C a sync net >out 2>err; echo $? >rc; } &&
	kill $daemon &&
	echo 2 >expect && test_cmp expect rc &&
	test_must_be_empty out &&
	test_grep "the remote rejected the push" err &&
	test_grep "run okr sync again" err &&
	snapshot a after &&
	test_cmp before after &&
	test "$(git -C remote.git rev-parse main)" = "$remote_before" &&
	rm remote.git/hooks/pre-receive &&
	okr -C a sync >out &&
	echo "synced 1 check-in with origin/main (1 new from the remote)" >expect &&
	test_cmp expect out
'
else
test_skip 'a rejected push: exit 2, the branch goes back' 'no git daemon'
fi

test_expect_success 'a push the remote refuses to apply: exit 2, nothing changed' '
	setup &&
	checkin b one#b 40 &&
	(cd b && okr sync >/dev/null) &&
	checkin a one#a 30 &&
	: >remote.git/refs/heads/main.lock &&
	snapshot a before &&
	test_expect_code 2 okr -C a sync 2>err &&
	test_grep "run okr sync again" err &&
	snapshot a after &&
	test_cmp before after
'

test_expect_success 'detached HEAD is refused' '
	setup && cd a &&
	git checkout -q --detach &&
	test_expect_code 2 okr sync 2>err &&
	test_grep "^okr: error: HEAD is detached" err
'

test_expect_success 'an unknown remote is an error' '
	setup && cd a &&
	test_expect_code 2 okr sync nowhere 2>err &&
	echo "okr: error: '"'"'nowhere'"'"' is not a remote of this repository (see git remote -v)" >expect &&
	test_cmp expect err
'

test_expect_success 'an unreachable remote is an error, nothing changed' '
	setup && cd a &&
	git remote add gone ../no-such.git &&
	checkin . one#a 30 &&
	before=$(git rev-parse HEAD) &&
	test_expect_code 2 okr sync gone 2>err &&
	test_grep "^okr: error: cannot fetch from .gone." err &&
	test "$(git rev-parse HEAD)" = "$before"
'

test_expect_success 'a first push creates the remote branch' '
	git init -q --bare -b main empty.git &&
	make_repo a && cd a &&
	two_krs 2026-Q4/t/one.yaml &&
	git add . && git commit -q -m setup && git branch -M main &&
	git remote add origin ../empty.git &&
	okr sync >out &&
	echo "synced 1 check-in with origin/main" >expect &&
	test_cmp expect out &&
	test "$(git -C ../empty.git rev-parse main)" = "$(git rev-parse HEAD)"
'

test_expect_success 'too many arguments' '
	setup && cd a &&
	test_expect_code 2 okr sync origin extra 2>err &&
	test_grep "^usage: okr sync" err
'

test_expect_success 'okr update --sync checks in and syncs; a failed sync keeps the check-in' '
	setup &&
	checkin b one#b 40 &&
	(cd b && okr sync >/dev/null) &&
	(cd a && okr update one#a 30 --date 2026-11-20 --sync >../out) &&
	test_grep "^synced with origin/main$" out &&
	test "$(git -C remote.git log -1 --format=%s main)" = "okr: 2026-Q4/t/one#a 0 -> 30" &&
	git -C remote.git show main:2026-Q4/t/one.yaml >one.yaml &&
	test "$(current_of one.yaml a)" = 30 &&
	test "$(current_of one.yaml b)" = 40 &&
	git -C a remote set-url origin "$PWD/no-such-remote.git" &&
	test_expect_code 2 okr -C a update one#a 31 --date 2026-11-21 --sync 2>err &&
	test_grep "checked in locally, but not synced" err &&
	test "$(git -C a log -1 --format=%s)" = "okr: 2026-Q4/t/one#a 30 -> 31" &&
	test_expect_code 2 okr -C a update one#a 32 --no-commit --sync 2>err &&
	test_grep "do not go together" err
'

test_done
