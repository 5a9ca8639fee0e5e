#!/bin/bash
test_description='okr report: figures from a scripted quarter, computed by hand'
. "$(dirname "$0")/lib.sh"

# The fixture: one quarter (2026-Q4, 2026-10-01..12-31, 92 days) of a
# company objective and a team objective, committed with dated check-ins:
#
#   2026-09-28  initial commit (before the period)
#   2026-10-05  Carl   grow#revenue   100 -> 120
#   2026-10-12  Pia    fast#latency   800 -> 700
#   2026-10-20  Carl   grow#revenue   120 -> 150
#   2026-10-28  Hank   fast#latency   700 -> 600   hand edit, no trailers
#   2026-11-02  Dana   grow#launch    not-done -> done
#   2026-11-10  Carl   grow#revenue   150 -> 160   confidence 0.7
#   2026-11-20  Pia    fast#latency   600 -> 500
#
# The titles carry Markdown and HTML that must come out as text.
REPO=$TEST_TMP/repo

write_grow() {	# revenue, its updated (or ""), launch done, its updated (or "")
	mkdir -p 2026-Q4/company &&
	{
		printf 'objective: "a | b `c` <script>alert(1)</script>"\n'
		printf 'level: company\n'
		printf 'owner: Carl CEO <carl@example.com>\n'
		printf 'key_results:\n'
		printf '  - id: revenue\n'
		printf '    title: Revenue\n'
		printf '    start: 100\n    target: 200\n    current: %s\n' "$1"
		test "$1" != 160 || printf '    confidence: 0.7\n'
		test -z "$2" || printf '    updated: %s\n' "$2"
		printf '  - id: launch\n'
		printf '    title: "Launch | v2 <b>x</b>"\n'
		printf '    owner: Dana Dev <dana@example.com>\n'
		printf '    done: %s\n    due: 2026-11-15\n' "$3"
		test -z "$4" || printf '    updated: %s\n' "$4"
	} >2026-Q4/company/grow.yaml
}

write_fast() {	# latency, its updated (or "")
	mkdir -p 2026-Q4/platform &&
	{
		printf 'objective: Fast platform\n'
		printf 'level: team\n'
		printf 'owner: Pia Plat <pia@example.com>\n'
		printf 'parent: company/grow\n'
		printf 'key_results:\n'
		printf '  - id: latency\n'
		printf '    title: Latency\n'
		printf '    start: 800\n    target: 400\n    current: %s\n    unit: ms\n' "$1"
		test -z "$2" || printf '    updated: %s\n' "$2"
		printf '  - id: migration\n'
		printf '    title: Migration\n'
		printf '    milestones:\n'
		printf '      - { title: Design, due: 2026-10-15, done: false }\n'
		printf '      - { title: Build, due: 2026-12-15, done: false }\n'
	} >2026-Q4/platform/fast.yaml
}

# commit DAY "NAME <EMAIL>" SUBJECT [REF VALUE]: commit everything, dated
commit() {
	local name=${2% <*} email=${2##*<} msg=$3
	email=${email%>}
	if test -n "$4"; then
		msg=$(printf '%s\n\nweekly check-in\n\nOkr-Ref: %s\nOkr-Value: %s\n' "$3" "$4" "$5")
	fi
	git add -A &&
	GIT_AUTHOR_NAME=$name GIT_AUTHOR_EMAIL=$email \
	GIT_COMMITTER_NAME=$name GIT_COMMITTER_EMAIL=$email \
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
		git commit -q -m "$msg"
}

CARL='Carl CEO <carl@example.com>' PIA='Pia Plat <pia@example.com>'
DANA='Dana Dev <dana@example.com>' HANK='Hank Hand <hank@example.com>'

test_expect_success 'set up a quarter of check-ins' - <<\EOT
	make_repo "$REPO" &&
	cd "$REPO" &&
	printf 'ambassadors:\n  - Amb Assador <amb@example.com>\n' >>okr.yaml &&
	write_grow 100 "" false "" && write_fast 800 "" &&
	commit 2026-09-28 "$CARL" "OKRs for 2026-Q4" &&
	write_grow 120 2026-10-05 false "" &&
	commit 2026-10-05 "$CARL" "okr: 2026-Q4/company/grow#revenue 100 -> 120" \
		2026-Q4/company/grow#revenue 120 &&
	write_fast 700 2026-10-12 &&
	commit 2026-10-12 "$PIA" "okr: 2026-Q4/platform/fast#latency 800 -> 700 ms" \
		2026-Q4/platform/fast#latency 700 &&
	write_grow 150 2026-10-20 false "" &&
	commit 2026-10-20 "$CARL" "okr: 2026-Q4/company/grow#revenue 120 -> 150" \
		2026-Q4/company/grow#revenue 150 &&
	write_fast 600 2026-10-12 &&
	commit 2026-10-28 "$HANK" "update numbers" &&
	write_grow 150 2026-10-20 true 2026-11-02 &&
	commit 2026-11-02 "$DANA" "okr: 2026-Q4/company/grow#launch not-done -> done" \
		2026-Q4/company/grow#launch done &&
	write_grow 160 2026-11-10 true 2026-11-02 &&
	commit 2026-11-10 "$CARL" "okr: 2026-Q4/company/grow#revenue 150 -> 160" \
		2026-Q4/company/grow#revenue 160 &&
	write_fast 500 2026-11-20 &&
	commit 2026-11-20 "$PIA" "okr: 2026-Q4/platform/fast#latency 600 -> 500 ms" \
		2026-Q4/platform/fast#latency 500 &&
	test "$(git rev-list --count HEAD)" = 8 &&
	okr check --as-of 2026-11-26 >/dev/null
EOT

report() {
	okr -C "$REPO" report "$@"
}

test_expect_success 'header names the organisation, period, as-of and ambassadors' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >out &&
	test "$(head -n 1 out)" = "# Test AS — OKR report 2026-Q4" &&
	test_grep "^Period: 2026-Q4, 2026-10-01 to 2026-12-31" out &&
	test_grep "^As of: 2026-11-26" out &&
	test_grep "^Ambassadors: Amb Assador &lt;amb@example.com&gt;$" out &&
	! grep -q "shallow" out
EOT

# Scores: grow = mean(revenue (160-100)/100 = 0.6, launch 1) = 0.8;
# fast = mean(latency (500-800)/(400-800) = 0.75, migration 0/2) = 0.375.
# Overall (0.8 + 0.375) / 2 = 0.5875 -> 0.6. Pace at 2026-11-26: 56 of 91
# days = 0.615; on track needs 0.7 * 0.615 = 0.43 (grow), at risk needs
# 0.4 * 0.615 = 0.25 (fast). Stale at 7 days: revenue (updated 11-10, 16
# days) and migration (never, 56 days); launch is done, latency 6 days:
# 2 of 4 checked in = 50 %. Check-ins: 7 (the hand edit too) by carl, pia,
# hank and dana.
test_expect_success 'summary: score, statuses, discipline, check-ins' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >out &&
	cat >expect <<-\EOF &&
	- Overall score: **0.6** (mean of 2 objectives)
	- Objectives: 0 done, 1 on track, 1 at risk, 0 off track
	- Check-in discipline: 50 % (2 of 4 key results checked in within 7 days)
	- Check-ins: 7 by 4 contributors (2026-10-01 to 2026-11-26)
	EOF
	sed -n "/^## Summary/,/^## Alignment/p" out | grep "^- " >actual &&
	test_cmp expect actual
EOT

test_expect_success 'alignment tree nests the team objective under its parent' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >out &&
	cat >expect <<-\EOF &&
	- 0.8 on track: a \| b \`c\` &lt;script&gt;alert(1)&lt;/script&gt; (company/grow, Carl CEO)
	  - 0.4 at risk: Fast platform (platform/fast, Pia Plat)
	EOF
	sed -n "/^## Alignment/,/^## Objectives/p" out | grep -e "^ *- " >actual &&
	test_cmp expect actual
EOT

# Trend: nine weeks from 2026-10-01; week k is the value at the end of
# 10-07, 10-14, ..., 11-25 and (capped) 11-26. One character per eighth of
# progress: revenue 0.2 0.2 0.5 0.5 0.5 0.6 0.6 0.6 0.6 -> ▂▂▅▅▅▅▅▅▅;
# latency 0 0.25 0.25 0.5 (hand edit 10-28) 0.5 0.5 0.5 0.75 0.75 ->
# ▁▃▃▅▅▅▅▇▇; launch done on 11-02 -> ▁▁▁▁█████; migration 0 throughout.
test_expect_success 'key result tables: start, current, target, trend, updated' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >out &&
	cat >expect <<-\EOF &&
	| Revenue | Carl CEO | 100 | 160 | 200 | 0.6 | 0.7 | ▂▂▅▅▅▅▅▅▅ | 2026-11-10 (stale) |
	| Launch \| v2 &lt;b&gt;x&lt;/b&gt; | Dana Dev | not done | done | done | 1.0 | — | ▁▁▁▁█████ | 2026-11-02 |
	| Latency | Pia Plat | 800 ms | 500 ms | 400 ms | 0.8 | — | ▁▃▃▅▅▅▅▇▇ | 2026-11-20 |
	| Migration | Pia Plat | 0/2 done | 0/2 done | 2/2 done | 0.0 | — | ▁▁▁▁▁▁▁▁▁ | — (stale) |
	EOF
	sed -n "/^## Objectives/,/^## Biggest/p" out | grep "^| [RLM]" >actual &&
	test_cmp expect actual
EOT

test_expect_success 'biggest movers, stale by owner, overdue milestones' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >out &&
	cat >expect <<-\EOF &&
	| Latency (2026-Q4/platform/fast#latency) | Pia Plat | 0.0 | 0.8 | +0.8 |
	| Revenue (2026-Q4/company/grow#revenue) | Carl CEO | 0.0 | 0.6 | +0.6 |
	| Carl CEO | Revenue (2026-Q4/company/grow#revenue) | 2026-11-10 | 16 |
	| Pia Plat | Migration (2026-Q4/platform/fast#migration) | none since 2026-10-01 | 56 |
	| 2026-10-15 | Pia Plat | Design | 2026-Q4/platform/fast#migration |
	EOF
	sed -n "/^## Biggest/,\$p" out | grep "^| [^-KOD]" >actual &&
	test_cmp expect actual &&
	# a binary result done is not a mover (+1.0 would top the list): it is
	# done this period
	sed -n "/^## Done this period/,/^## /p" out | grep "^- " >actual &&
	echo "- Launch \\| v2 &lt;b&gt;x&lt;/b&gt; (2026-Q4/company/grow#launch), Dana Dev" >expect &&
	test_cmp expect actual &&
	report 2026-Q4 --as-of 2026-11-26 --format json >out.json &&
	python3 -c "import json,sys; d=json.load(open(sys.argv[1]))
assert [m[\"ref\"] for m in d[\"movers\"]] == [\"2026-Q4/platform/fast#latency\", \"2026-Q4/company/grow#revenue\"], d[\"movers\"]
assert d[\"done_this_period\"] == [{\"ref\": \"2026-Q4/company/grow#launch\", \"owner\": \"Dana Dev <dana@example.com>\"}], d[\"done_this_period\"]" out.json
EOT

test_expect_success 'the same history gives the same bytes, also in a fresh clone' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >one &&
	report 2026-Q4 --as-of 2026-11-26 >two &&
	cmp one two &&
	git clone -q "$REPO" clone &&
	okr -C clone report 2026-Q4 --as-of 2026-11-26 >three &&
	cmp one three
EOT

test_expect_success 'the report reads commits, not the working tree' - <<\EOT
	git clone -q "$REPO" wt &&
	sed -i "s/current: 500/current: 400/" wt/2026-Q4/platform/fast.yaml &&
	okr -C wt report 2026-Q4 --as-of 2026-11-26 >dirty &&
	report 2026-Q4 --as-of 2026-11-26 >clean &&
	cmp clean dirty
EOT

# --depth 5 keeps the commits of 10-20 to 11-20.
test_expect_success 'a shallow clone works and says where history starts' - <<\EOT
	git clone -q --depth 5 "file://$REPO" shallow &&
	test -f shallow/.git/shallow &&
	okr -C shallow report 2026-Q4 --as-of 2026-11-26 >out &&
	test_grep "^> History starts at 2026-10-20 (shallow clone); figures before it are missing.$" out &&
	test_grep "^- Overall score: \*\*0.6\*\*" out
EOT

test_expect_success 'GFM rendering: every row has its header cells, no raw HTML' - <<\EOT
	command -v cmark-gfm >/dev/null || { echo "no cmark-gfm" >&2; exit 1; } &&
	report 2026-Q4 --as-of 2026-11-26 >out.md &&
	cmark-gfm -e table out.md >out.html &&
	python3 - out.html <<-\PY
	import sys
	from html.parser import HTMLParser

	class P(HTMLParser):
	    def __init__(self):
	        super().__init__()
	        self.tables, self.rows, self.tags = 0, [], set()
	    def handle_starttag(self, tag, attrs):
	        self.tags.add(tag)
	        if tag == "table":
	            self.tables += 1
	            self.width = None
	        elif tag == "tr":
	            self.cells = 0
	        elif tag in ("td", "th"):
	            self.cells += 1
	    def handle_endtag(self, tag):
	        if tag == "tr":
	            if self.width is None:
	                self.width = self.cells
	            self.rows.append((self.width, self.cells))

	p = P()
	p.feed(open(sys.argv[1], encoding="utf-8").read())
	assert p.tables == 5, p.tables          # 2 objectives, movers, stale, overdue
	bad = [r for r in p.rows if r[0] != r[1]]
	assert not bad, bad
	assert p.rows and p.rows[0][0] == 9, p.rows[0]
	for t in ("script", "b"):
	    assert t not in p.tags, t
	PY
	test_grep "a | b <code>c</code>" out.html ||
	test_grep "a | b \`c\` &lt;script&gt;" out.html
EOT

# November: check-ins of 11-02, 11-10, 11-20 by dana, carl, pia; the start
# is the value at the end of October (revenue 150, latency 600); four
# weeks from 11-01: 11-07, 11-14, 11-21, 11-26.
test_expect_success 'a monthly report: the month of the quarter' - <<\EOT
	report 2026-11 --as-of 2026-11-26 >out &&
	test "$(head -n 1 out)" = "# Test AS — OKR report 2026-11" &&
	test_grep "^Month: 2026-11-01 to 2026-11-30, objectives of 2026-Q4" out &&
	test_grep "^- Check-ins: 3 by 3 contributors (2026-11-01 to 2026-11-26)$" out &&
	test_grep "^| Revenue | Carl CEO | 150 | 160 | 200 | 0.6 | 0.7 | ▅▅▅▅ |" out &&
	test_grep "^| Latency | Pia Plat | 600 ms | 500 ms | 400 ms | 0.8 | — | ▅▅▇▇ |" out &&
	report 2026-11 --as-of 2026-12-20 >capped &&
	test_grep "^As of: 2026-11-30" capped
EOT

test_expect_success '-o writes the report to a file, atomically' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 >expect &&
	report 2026-Q4 --as-of 2026-11-26 -o report.md >out &&
	test_must_be_empty out &&
	cmp expect "$REPO/report.md" &&
	rm "$REPO/report.md"
EOT

test_expect_success '--format json holds the same figures' - <<\EOT
	report 2026-Q4 --as-of 2026-11-26 --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1], encoding="utf-8"))
	s = d["summary"]
	assert d["period"] == {"name": "2026-Q4", "start": "2026-10-01", "end": "2026-12-31"}
	assert abs(s["score"] - 0.5875) < 1e-9, s
	assert s["checkins"] == 7 and s["key_results"] == 4 and s["stale"] == 2, s
	assert s["contributors"] == ["carl@example.com", "dana@example.com",
	                             "hank@example.com", "pia@example.com"], s
	o = {x["id"]: x for x in d["objectives"]}
	assert o["company/grow"]["title"] == "a | b `c` <script>alert(1)</script>"
	assert o["platform/fast"]["status"] == "at-risk"
	lat = o["platform/fast"]["key_results"][0]
	assert lat["start"] == 800 and lat["current"] == 500, lat
	assert lat["trend"] == [0, 0.25, 0.25, 0.5, 0.5, 0.5, 0.5, 0.75, 0.75], lat
	assert [m["ref"] for m in d["movers"]] == [
	    "2026-Q4/platform/fast#latency", "2026-Q4/company/grow#revenue"]
	assert [m["ref"] for m in d["done_this_period"]] == ["2026-Q4/company/grow#launch"]
	assert [x["milestone"] for x in d["overdue"]] == ["Design"]
	PY
EOT

test_expect_success 'the period defaults to the one containing --as-of' - <<\EOT
	report --as-of 2026-11-26 >a &&
	report 2026-Q4 --as-of 2026-11-26 >b &&
	cmp a b
EOT

test_expect_success 'bad arguments and no commits: exit 2; a period without objectives: an empty report' - <<\EOT
	test_expect_code 2 report 2026-Q9 2>err &&
	test_grep "unknown period '2026-Q9'" err &&
	report 2030-Q1 --as-of 2030-02-01 >out &&
	test_grep "^No objectives in 2030-Q1 yet" out &&
	test_grep "Overall score: \*\*0.0\*\* (mean of 0 objectives)" out &&
	test_expect_code 2 report --format html 2>err &&
	test_grep "unknown format 'html'" err &&
	test_expect_code 2 report --as-of 2026-13-01 &&
	test_expect_code 2 report 2026-Q4 2026-Q3 &&
	test_expect_code 2 report --rev no-such-rev 2>err &&
	test_grep "no-such-rev" err &&
	make_repo empty &&
	test_expect_code 2 okr -C empty report 2>err &&
	test_grep "no commits" err
EOT

test_expect_success '-h prints the synopsis' - <<\EOT
	okr report -h | sed -n 1p >out &&
	echo "usage: okr report [<period>|<YYYY-MM>] [-o|--output <file>] [--as-of <date>] [--rev <rev>] [--format markdown|json] [--team <team>] [--owner <owner>] [--charts summary|all|none]" >expect &&
	test_cmp expect out
EOT

test_expect_success 'a key result added during the period starts at its baseline' - <<\EOT
	make_repo r && cd r &&
	printf 'objective: Old\nlevel: company\nowner: o\nkey_results:\n  - id: a\n    title: A\n    done: false\n' >o.yaml &&
	mkdir -p 2026-Q4/c && mv o.yaml 2026-Q4/c/o.yaml &&
	git add . &&
	GIT_AUTHOR_DATE=2026-09-28T12:00:00Z GIT_COMMITTER_DATE=2026-09-28T12:00:00Z \
		git commit -q -m start &&
	cat >2026-Q4/c/n.yaml <<-\EOF &&
	objective: New
	level: company
	owner: o
	key_results:
	  - id: m
	    title: Mid-quarter metric
	    start: 40
	    target: 80
	    current: 50
	    updated: 2026-11-10
	EOF
	git add . &&
	GIT_AUTHOR_DATE=2026-11-10T12:00:00Z GIT_COMMITTER_DATE=2026-11-10T12:00:00Z \
		git commit -q -m "add New" &&
	okr report 2026-Q4 --as-of 2026-11-20 >out &&
	test_grep "^| Mid-quarter metric | o | 40 | 50 | 80 | 0.3 |" out
EOT

test_done
