#!/bin/bash
# t0450: every command's -h synopsis is the SYNOPSIS of its man page, and
# every command has a page (git's t0450-txt-doc-vs-help).
. "$(dirname "$0")/lib.sh"

commands=$(okr --help | sed -n 's/^   \([a-z]*\) .*/\1/p')

test_expect_success 'okr --help lists the commands' '
	test -n "$commands" &&
	echo "$commands" | grep -qx check &&
	echo "$commands" | grep -qx update
'

for cmd in $commands; do
	test_expect_success "okr $cmd -h matches man/okr-$cmd.1.scd" "
		page=\"\$OKR_SOURCE_ROOT/man/okr-$cmd.1.scd\" &&
		test -f \"\$page\" &&
		okr $cmd -h >out &&
		sed -n '1s/^usage: //p' out >actual &&
		sed -n '/^# SYNOPSIS/,/^# /{/^okr /p}' \"\$page\" >expect &&
		test_line_count = 1 expect &&
		test_cmp expect actual
	"
done

test_expect_success 'okr help <command> finds the page' '
	MANPAGER=cat MANWIDTH=80 okr help check >out 2>err &&
	grep -q "okr check" out
'

test_done
