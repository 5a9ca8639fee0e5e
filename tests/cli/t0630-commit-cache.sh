#!/bin/bash
test_description='the commit cache (.git/okr-commit-cache): the same outputs as without it, after new commits, a rewritten branch, damage, a shallow clone; never needed'
. "$(dirname "$0")/lib.sh"

CACHE=.git/okr-commit-cache

# obj ID USERS: an objective with one metric key result at USERS
obj() {
	mkdir -p 2026-Q4/team &&
	printf 'objective: Objective %s\nlevel: company\nowner: Test Team\nkey_results:\n  - id: users\n    title: Users\n    start: 0\n    target: 100\n    current: %s\n' \
		"$1" "$2" >"2026-Q4/team/$1.yaml"
}

# at DAY MESSAGE
at() {
	git add -A &&
	GIT_AUTHOR_DATE="$1T10:00:00+00:00" GIT_COMMITTER_DATE="$1T10:00:00+00:00" \
	git commit -q -m "$2"
}

# checkin DAY VALUE: a check-in of alpha#users (a hand edit of beta when
# VALUE is "hand")
checkin() {
	if test "$2" = hand; then
		obj beta "$(date -d "$1" +%d)" && at "$1" "beta by hand"
	else
		obj alpha "$2" &&
		at "$1" "$(printf 'okr: 2026-Q4/team/alpha#users\n\nOkr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: %s' "$2")"
	fi
}

# Twenty days of check-ins, every fourth a hand edit.
make_history() {
	make_repo . &&
	obj alpha 0 && obj beta 0 && at 2026-09-20 'okr: init' &&
	for n in $(seq 1 20); do
		if test $((n % 4)) = 0; then
			checkin "$(printf '2026-10-%02d' "$n")" hand
		else
			checkin "$(printf '2026-10-%02d' "$n")" $((n * 3))
		fi || return 1
	done
}

# outputs DIR: report, JSON report and logs into DIR
outputs() {
	mkdir -p "$1" &&
	okr report 2026-Q4 --as-of 2026-10-31 >"$1/report.md" &&
	okr report 2026-Q4 --as-of 2026-10-10 --format json >"$1/report.json" &&
	okr log team/alpha --as-of 2026-10-31 >"$1/log-alpha" &&
	okr log team/beta --as-of 2026-10-31 >"$1/log-beta"
}

# same_as_uncached: the outputs with the cache as they are without it
same_as_uncached() {
	rm -rf plain cached &&
	OKR_NO_COMMIT_CACHE=1 outputs plain &&
	outputs cached &&
	diff -r plain cached
}

test_expect_success 'a history read writes the cache; read back, it gives the same outputs' '
	make_history &&
	OKR_NO_COMMIT_CACHE=1 outputs plain &&
	! test -e $CACHE &&
	outputs cold &&
	test "$(head -c 8 $CACHE)" = OKRCMT02 &&
	outputs warm &&
	diff -r plain cold &&
	diff -r plain warm &&
	test_grep "2026-10-19" warm/log-alpha &&
	test_grep "(hand edit)" warm/log-beta &&
	! ls .git | grep -q "okr-commit-cache.tmp"
'

test_expect_success 'the commits come from the cache: a missing commit object is not missed' '
	make_history &&
	outputs before &&
	git count-objects -v | test_grep "^packs: 0" - &&
	commit=$(git rev-parse HEAD~5) &&
	rm .git/objects/$(echo $commit | cut -c1-2)/$(echo $commit | cut -c3-) &&
	OKR_NO_COMMIT_CACHE=1 test_expect_code 2 okr log team/alpha --as-of 2026-10-31 >out 2>err &&
	test_grep "cannot read .*$commit" err &&
	outputs after &&
	diff -r before after
'

test_expect_success 'a hand-edited blob read once comes from the cache: a missing blob is not missed' '
	make_history &&
	outputs before &&
	git count-objects -v | test_grep "^packs: 0" - &&
	blob=$(git rev-parse HEAD~4:2026-Q4/team/beta.yaml) &&
	rm .git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-) &&
	OKR_NO_COMMIT_CACHE=1 test_expect_code 2 okr log team/beta --as-of 2026-10-31 >out 2>err &&
	test_grep "cannot read blob $blob" err &&
	outputs after &&
	diff -r before after &&
	test_grep "(hand edit)" after/log-beta
'

test_expect_success 'new commits on top are read from git and added to the cache' '
	make_history &&
	outputs first &&
	size=$(wc -c <$CACHE) &&
	checkin 2026-10-21 77 && checkin 2026-10-22 hand && checkin 2026-10-23 88 &&
	same_as_uncached &&
	test_grep "^2026-10-23 .* 88 " cached/log-alpha &&
	test "$(wc -c <$CACHE)" -gt "$size"
'

test_expect_success 'a rewritten branch, and back: each reads its own history' '
	make_history &&
	outputs first &&
	git branch old &&
	git reset -q --hard HEAD~6 &&
	checkin 2026-10-15 555 && checkin 2026-10-16 hand && checkin 2026-10-17 556 &&
	same_as_uncached &&
	test_grep " 555 " cached/log-alpha &&
	! grep -q " 57 " cached/log-alpha &&
	git checkout -q old &&
	same_as_uncached &&
	test_grep " 57 " cached/log-alpha &&
	! grep -q " 555 " cached/log-alpha
'

test_expect_success 'a damaged cache is passed over, then written again' '
	make_history &&
	OKR_NO_COMMIT_CACHE=1 outputs plain &&
	outputs first &&
	cp $CACHE good &&
	size=$(wc -c <good) &&
	count=$(od -An -tu8 --endian=big -j8 -N8 good | tr -d " ") &&
	for damage in flip diff truncate garbage empty count index; do
		cp good $CACHE.new && chmod u+w $CACHE.new &&
		case $damage in
		flip)	 printf "\\377\\377\\377\\377" |
			 dd of=$CACHE.new bs=1 seek=$((size / 3)) conv=notrunc status=none ;;
		diff)	 # the last record before the index: what a hand edit
			 # comparison made of a blob (a summary)
			 printf "\\377" |
			 dd of=$CACHE.new bs=1 seek=$((size - 1024 - 28 * count - 3)) conv=notrunc status=none ;;
		truncate) truncate -s $((size / 2)) $CACHE.new ;;
		garbage) head -c "$size" /dev/urandom >$CACHE.new ;;
		empty)	 : >$CACHE.new ;;
		count)	 printf "\\0\\0\\0\\0\\0\\0\\0\\3" |
			 dd of=$CACHE.new bs=1 seek=8 conv=notrunc status=none ;;
		index)	 printf "\\0\\0\\0\\0\\0\\0\\0\\1" |
			 dd of=$CACHE.new bs=1 seek=$((size - 8)) conv=notrunc status=none ;;
		esac &&
		cp $CACHE.new damaged &&
		mv -f $CACHE.new $CACHE &&
		outputs "$damage" 2>"$damage.err" &&
		test_must_be_empty "$damage.err" &&
		diff -r plain "$damage" &&
		# (a damaged index entry the walk does not need is left)
		{ test $damage = index || ! cmp -s damaged $CACHE; } &&
		test "$(head -c 8 $CACHE)" = OKRCMT02 &&
		outputs "$damage-again" &&
		diff -r plain "$damage-again" || return 1
	done
'

test_expect_success 'a hand edit of 300 files (too many to keep whole) is compared as without the cache' '
	make_history &&
	for i in $(seq 1 300); do
		printf "objective: Bulk %s\nlevel: company\nowner: Test Team\nkey_results:\n  - id: k\n    title: K\n    start: 0\n    target: 10\n    current: 1\n" \
			"$i" >2026-Q4/team/bulk-$i.yaml || return 1
	done &&
	at 2026-10-21 "bulk add" &&
	sed -i "s/current: 1/current: 2/" 2026-Q4/team/bulk-*.yaml &&
	obj alpha 99 &&
	at 2026-10-22 "bulk edit by hand" &&
	same_as_uncached &&
	test_grep "^2026-10-22 .* 99 " cached/log-alpha &&
	rm -rf cached && outputs cached &&
	diff -r plain cached
'

test_expect_success 'a shallow clone, then deepened' '
	make_history &&
	git clone -q --depth 4 "file://$PWD" shallow &&
	cd shallow &&
	test -f .git/shallow &&
	same_as_uncached &&
	test_grep "shallow clone" cached/report.md &&
	test -s $CACHE &&
	git fetch -q --unshallow &&
	! test -f .git/shallow &&
	same_as_uncached &&
	! grep -q "shallow clone" cached/report.md
'

test_expect_success 'a cache that cannot be written: the same outputs, nothing left behind' '
	make_history &&
	OKR_NO_COMMIT_CACHE=1 outputs plain &&
	mkdir $CACHE &&
	outputs cached 2>err &&
	test_must_be_empty err &&
	diff -r plain cached &&
	test -d $CACHE &&
	! ls .git | grep -q "okr-commit-cache.tmp"
'

if test "$(id -u)" = 0; then
	# root writes anywhere: run okr as nobody (setpriv, util-linux)
	test_expect_success 'a read-only repository (okr run as nobody) is read without a cache' '
		make_history &&
		OKR_NO_COMMIT_CACHE=1 outputs plain &&
		chmod -R a+rX "$TEST_TMP" &&
		chmod a+x "$(dirname "$TEST_TMP")" &&
		git config --global --add safe.directory "$PWD" &&
		setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$OKR" log team/alpha --as-of 2026-10-31 >log 2>err &&
		test_must_be_empty err &&
		cmp plain/log-alpha log &&
		! test -e $CACHE
	'
fi

test_expect_success 'a bare repository keeps its cache in its own folder' '
	make_history &&
	OKR_NO_COMMIT_CACHE=1 outputs plain &&
	git clone -q --bare . ../bare.git &&
	okr -C ../bare.git log team/alpha --as-of 2026-10-31 >log1 &&
	test -s ../bare.git/okr-commit-cache &&
	okr -C ../bare.git log team/alpha --as-of 2026-10-31 >log2 &&
	cmp plain/log-alpha log1 &&
	cmp plain/log-alpha log2
'

test_done
