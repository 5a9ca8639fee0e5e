#!/bin/bash
# t0450: every command's -h synopsis, printed from its option table, is the
# SYNOPSIS of its man page, and every option of the table is described under
# OPTIONS there (and nothing else is): git's t0450-txt-doc-vs-help.
. "$(dirname "$0")/lib.sh"

commands=$(okr --help | sed -n 's/^   \([a-z]*\) .*/\1/p')

test_expect_success 'okr --help lists the commands' '
	test -n "$commands" &&
	echo "$commands" | grep -qx check &&
	echo "$commands" | grep -qx update
'

# The options of "okr CMD -h" as the man page writes their headings:
# "    -c, --confidence <confidence>  help" -> "*-c*, *--confidence* <confidence>"
help_options() {
	okr "$1" -h | awk -F"  +" '/^    +-/ {
		n = split($2, w, " "); out = ""; sep = ""
		for (i = 1; i <= n; i++) {
			if (w[i] ~ /^-/) {
				name = w[i]; comma = sub(/,$/, "", name)
				out = out sep "*" name "*" (comma ? "," : ""); sep = " "
			} else {
				out = out " " w[i]
			}
		}
		print out
	}'
}

for cmd in $commands; do
	test_expect_success "okr $cmd -h matches man/okr-$cmd.1.scd" "
		page=\"\$OKR_SOURCE_ROOT/man/okr-$cmd.1.scd\" &&
		test -f \"\$page\" &&
		okr $cmd -h >out &&
		sed -n '1s/^usage: //p' out >actual &&
		sed -n '/^# SYNOPSIS/,/^# /{/^okr /p}' \"\$page\" >expect &&
		test_line_count = 1 expect &&
		test_cmp expect actual &&
		help_options $cmd | sort >actual &&
		sed -n '/^# OPTIONS/,/^# /p' \"\$page\" | grep '^\*-' |
			grep -vx '\*-h\*' | sort >expect &&
		test_cmp expect actual
	"
done

test_expect_success 'the synopsis of update names every flag (the drift of old)' '
	okr update -h >out &&
	for f in "-c|--confidence" "-m|--message" --date --no-commit --milestone --sync; do
		grep -q -e "\[$f " -e "\[$f\]" out || { echo "missing $f" >&2; return 1; }
	done
'

test_expect_success 'misuse prints the same synopsis to stderr, exit 2' '
	okr update -h | sed -n 1p >expect &&
	test_expect_code 2 okr update one two three 2>err &&
	tail -n1 err >last &&
	test_cmp expect last &&
	test_expect_code 2 okr update --bogus a b 2>err &&
	test_grep "^okr: error: unknown option .--bogus.$" err &&
	tail -n1 err >last &&
	test_cmp expect last
'

test_expect_success 'the parser: --name=value, unique prefixes, bundles, negative numbers' - <<\EOT
	make_repo . &&
	mkdir -p 2026-Q4/t &&
	make_objective 2026-Q4/t/o.yaml &&
	git add . && git commit -q -m setup &&
	okr update --no-c --date=2026-11-21 --conf=0.5 2026-Q4/t/o#kr -3 >out &&
	test_grep "(not committed)" out &&
	grep -x "    current: -3" 2026-Q4/t/o.yaml &&
	grep -x "    confidence: 0.5" 2026-Q4/t/o.yaml &&
	git checkout -q 2026-Q4/t/o.yaml &&
	okr update -c0.25 -mwhy --no-commit --date 2026-11-21 2026-Q4/t/o#kr -- -.5 >out &&
	grep -x "    current: -0.5" 2026-Q4/t/o.yaml &&
	grep -x "    confidence: 0.25" 2026-Q4/t/o.yaml
EOT

test_expect_success 'the parser: bad options and values, in okr'"'"'s words' - <<\EOT
	test_expect_code 2 okr list --format 2>err &&
	test_grep "^okr: error: option .--format. needs a value$" err &&
	test_expect_code 2 okr update a b -m 2>err &&
	test_grep "^okr: error: option .-m. needs a value$" err &&
	test_expect_code 2 okr update a b --sync=yes 2>err &&
	test_grep "^okr: error: option .--sync. takes no value$" err &&
	test_expect_code 2 okr update a b --bogus 2>err &&
	test_grep "^okr: error: unknown option .--bogus.$" err &&
	test_expect_code 2 okr update a b -x 2>err &&
	test_grep "^okr: error: unknown option .-x.$" err &&
	test_expect_code 2 okr check --format xml 2>err &&
	test_grep "^okr: error: unknown format .xml. (text, json, github or gitlab)$" err &&
	test_expect_code 2 okr report --as-of 2026-02-30 2>err &&
	test_grep "^okr: error: invalid date for --as-of: .2026-02-30." err &&
	test_expect_code 2 okr sync a b 2>err &&
	test_grep "^okr: error: unexpected argument .b.$" err &&
	test_expect_code 2 okr update a b -m "$(printf "x\377")" 2>err &&
	test_grep "^okr: error: --message is not valid UTF-8 text (byte 0xFF at position 2)" err
EOT

test_expect_success 'a path is bytes, not text: no UTF-8 check' - <<\EOT
	make_repo . &&
	test_expect_code 2 okr check "$(printf "x\377")" 2>err &&
	test_grep "pathspec" err
EOT

test_expect_success 'an ambiguous prefix names the flags it could be' - <<\EOT
	test_expect_code 2 okr update a b --m x 2>err &&
	test_grep "^okr: error: option .--m. is ambiguous (--message, --milestone)$" err
EOT

test_expect_success 'a failed write of stdout fails the command (exit 2)' - <<\EOT
	test -w /dev/full || { echo "no /dev/full" >&2; return 0; }
	test_expect_code 2 okr list -h >/dev/full 2>err &&
	test_grep "^okr: error: cannot write the output" err &&
	test_expect_code 2 okr --version >/dev/full
EOT

test_expect_success 'okr help <command> finds the page' '
	MANPAGER=cat MANWIDTH=80 okr help check >out 2>err &&
	grep -q "okr check" out
'

test_done
