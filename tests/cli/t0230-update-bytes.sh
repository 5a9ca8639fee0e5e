#!/bin/bash
test_description='okr update rewrites only the bytes of the values it changes'
. "$(dirname "$0")/lib.sh"

# fixtures/update/bytes.yaml is full of comments, blank lines, odd quoting
# and flow mappings; bytes.expect.yaml is the same file written by hand
# with exactly the values of the six check-ins below changed (and the
# missing keys added after each key result's last key). The tests add
# trailing blanks to two lines, and make BOM + CRLF variants of both, here
# rather than in the fixture files, so no editor or git setting can strip
# them.
F=2026-Q4/platform/instant.yaml

# $1: lf or crlf; $2: source file; writes stdout
variant() {
	sed -e '/^    current: 99\.9[57]$/s/$/   /' \
	    -e '/Mid-quarter review/s/$/   /' "$2" >variant.tmp &&
	case $1 in
	lf) cat variant.tmp ;;
	crlf) printf '\357\273\277' && sed 's/$/\r/' variant.tmp ;;
	esac &&
	rm variant.tmp
}

setup() {
	variant $1 "$TEST_FIXTURES/update/bytes.yaml" >original &&
	variant $1 "$TEST_FIXTURES/update/bytes.expect.yaml" >expect &&
	make_repo repo && cd repo &&
	mkdir -p 2026-Q4/platform &&
	cp ../original $F &&
	git add . && git commit -q -m setup
}

six_checkins() {
	okr update instant#p95-latency 420 -c 0.5 --date 2026-11-20 &&
	okr update instant#edge-cache done --date 2026-11-20 &&
	okr update instant#signups 1250 -c 0.7 --date 2026-11-20 &&
	okr update instant#uptime 99.97 --date 2026-11-20 &&
	okr update instant#migration --milestone "Half migrated" done --date 2026-11-20 &&
	okr update instant --milestone 2 done --date 2026-11-20
}

for v in lf crlf; do
	test_expect_success "$v: the fixture is valid to begin with" "
		setup $v &&
		okr check --as-of 2026-10-05 >../out &&
		test_must_be_empty ../out
	"

	test_expect_success "$v: six check-ins change exactly the values" "
		setup $v &&
		six_checkins &&
		test_cmp ../expect $F &&
		git log --format=%s >../log &&
		test_line_count = 7 ../log &&
		git fsck --strict &&
		git status --porcelain >../status &&
		test_must_be_empty ../status &&
		okr check --as-of 2026-11-20 >/dev/null
	"

	test_expect_success "$v: git diff --shortstat counts only those lines" "
		setup $v &&
		six_checkins &&
		git diff --shortstat HEAD~6 HEAD >../stat &&
		echo ' 1 file changed, 12 insertions(+), 9 deletions(-)' >../stat.expect &&
		test_cmp ../stat.expect ../stat
	"

	test_expect_success "$v: each commit holds only its own change" "
		setup $v &&
		six_checkins &&
		for i in 0 1 2 3 4 5; do
			git diff --name-only HEAD~\$((i + 1)) HEAD~\$i >../names &&
			echo $F >../names.expect &&
			test_cmp ../names.expect ../names || return 1
		done
	"
done

test_expect_success 'word diff of a metric check-in: the three values only' - <<\EOT
	setup lf &&
	okr update instant#p95-latency 420 -c 0.5 --date 2026-11-20 &&
	git diff --word-diff=porcelain HEAD~1 HEAD >../wd &&
	grep '^[-+]' ../wd | grep -v '^--- \|^+++ ' >../words &&
	cat >../words.expect <<-\EOF &&
	-450
	+420
	-0.60
	+0.5
	-2026-11-13
	+2026-11-20
	EOF
	test_cmp ../words.expect ../words
EOT

test_expect_success 'word diff of a flow-mapping check-in' - <<\EOT
	setup crlf &&
	okr update instant#edge-cache done --date 2026-11-20 &&
	git diff --word-diff=porcelain HEAD~1 HEAD >../wd &&
	grep '^[-+]' ../wd | grep -v '^--- \|^+++ ' >../words &&
	cat >../words.expect <<-\EOF &&
	-false,
	+true,
	-2026-11-30}
	+2026-11-30, updated: 2026-11-20}
	EOF
	test_cmp ../words.expect ../words
EOT

test_expect_success 'crlf: the BOM stays first and every line keeps its CR' - <<\EOT
	setup crlf &&
	six_checkins &&
	head -c 3 $F | od -An -tx1 | tr -d ' ' >../bom &&
	echo efbbbf >../bom.expect &&
	test_cmp ../bom.expect ../bom &&
	! grep -v "$(printf '\r')\$" $F
EOT

test_expect_success 'a refused check-in leaves the odd file byte for byte' - <<\EOT
	setup crlf &&
	test_expect_code 2 okr update instant#p95-latency fast --date 2026-11-20 2>/dev/null &&
	test_expect_code 2 okr update instant#signups 5 -c 2 --date 2026-11-20 2>/dev/null &&
	cmp ../original $F &&
	git log --format=%s >../log &&
	test_line_count = 1 ../log
EOT

test_done
