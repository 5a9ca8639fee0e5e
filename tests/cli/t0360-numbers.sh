#!/bin/bash
test_description='one rounding rule and one number format in every view (SPEC section 4)'
. "$(dirname "$0")/lib.sh"

# Three objectives of one metric key result each, 0 -> 100 (and 0 -> 1000):
# at 15/100 (stored as 0.1499999... in binary), 25/100 (exactly half, which
# printf rounds to even) and 125/1000. SPEC section 4: half away from zero
# at the printed decimal, on the decimal value.
write_fixture() {
	make_repo . &&
	mkdir -p 2026-Q4 &&
	for spec in fifteen:15:100 quarter:25:100 eighth:125:1000; do
		IFS=: read -r id cur tgt <<<"$spec" &&
		cat >2026-Q4/$id.yaml <<-EOF || return 1
		objective: Objective $id
		level: company
		owner: Test Team
		key_results:
		  - id: kr
		    title: Result $id
		    start: 0
		    target: $tgt
		    current: $cur
		    confidence: 0.000015
		    updated: 2026-11-20
		EOF
	done &&
	git add . &&
	GIT_AUTHOR_DATE=2026-11-20T10:00:00Z GIT_COMMITTER_DATE=2026-11-20T10:00:00Z \
		git commit -q -m start
}

test_expect_success 'status shows 15/100 as 0.2 and 25/100 as 0.3' '
	write_fixture &&
	okr status --as-of 2026-11-21 >out &&
	test_grep "^  0\.2  .*fifteen" out &&
	test_grep "^  0\.3  .*quarter" out &&
	test_grep "^  0\.1  .*eighth" out
'

test_expect_success 'report (Markdown) agrees with status' '
	write_fixture &&
	okr report 2026-Q4 --as-of 2026-11-21 >out.md &&
	test_grep "^- 0\.2 .*Objective fifteen" out.md &&
	test_grep "^- 0\.3 .*Objective quarter" out.md &&
	test_grep "^| Result fifteen | .* | 15 | 100 | 0\.2 | " out.md &&
	test_grep "^| Result quarter | .* | 25 | 100 | 0\.3 | " out.md &&
	test_grep "^| Result eighth | .* | 125 | 1000 | 0\.1 | " out.md &&
	test_grep "type: aspirational · score: \*\*0\.2\*\*" out.md
'

test_expect_success 'report (JSON) carries the values the text rounds' '
	write_fixture &&
	okr report 2026-Q4 --as-of 2026-11-21 --format json >out.json &&
	python3 -c "import json,sys
for o in json.load(open(sys.argv[1]))[\"objectives\"]:
    print(o[\"id\"], o[\"score\"], o[\"key_results\"][0][\"progress\"])" out.json >actual &&
	cat >expect <<-\EOF &&
	eighth 0.125 0.125
	fifteen 0.15 0.15
	quarter 0.25 0.25
	EOF
	test_cmp expect actual
'

test_expect_success 'list rounds its two decimals by the same rule' '
	write_fixture &&
	okr list --as-of 2026-11-21 >out.tsv &&
	cut -f1,5 out.tsv >actual &&
	printf "%s\t%s\n" 2026-Q4/eighth#kr 0.13 2026-Q4/fifteen#kr 0.15 \
		2026-Q4/quarter#kr 0.25 >expect &&
	test_cmp expect actual &&
	okr list --as-of 2026-11-21 --format json >out.json &&
	python3 -c "import json,sys
for r in json.load(open(sys.argv[1])): print(r[\"progress\"])" out.json >actual &&
	printf "%s\n" 0.13 0.15 0.25 >expect &&
	test_cmp expect actual
'

test_expect_success 'numbers are written as in the file, never with an exponent' '
	write_fixture &&
	okr report 2026-Q4 --as-of 2026-11-21 >out.md &&
	test_grep "| 0\.000015 |" out.md &&
	! grep -q "e-05" out.md
'

test_done
