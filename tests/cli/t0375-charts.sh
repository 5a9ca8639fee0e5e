#!/bin/bash
test_description='okr report --charts: Mermaid xychart-beta blocks that GitHub and GitLab draw'
. "$(dirname "$0")/lib.sh"

# Two objectives over five weeks of 2026-Q4, check-ins in weeks 1, 2 and 4.
REPO=$TEST_TMP/repo

write() {	# a b c
	mkdir -p 2026-Q4 &&
	printf 'objective: One\nlevel: company\nowner: Test Team\nkey_results:\n  - id: a\n    start: 0\n    target: 10\n    current: %s\n  - id: b\n    done: %s\n' "$1" "$2" >2026-Q4/one.yaml &&
	printf 'objective: Two\nlevel: company\nowner: Test Team\nkey_results:\n  - id: c\n    start: 100\n    target: 50\n    current: %s\n' "$3" >2026-Q4/two.yaml
}

commit() {	# DAY REF VALUE
	git add -A &&
	GIT_AUTHOR_DATE="$1T12:00:00Z" GIT_COMMITTER_DATE="$1T12:00:00Z" \
		git commit -q -m "$(printf 'okr: check-in\n\nOkr-Ref: %s\nOkr-Value: %s\n' "$2" "$3")"
}

test_expect_success 'set up' - <<\EOT
	make_repo "$REPO" && cd "$REPO" &&
	write 0 false 100 && git add -A &&
	GIT_AUTHOR_DATE=2026-09-28T12:00:00Z GIT_COMMITTER_DATE=2026-09-28T12:00:00Z git commit -q -m OKRs &&
	write 4 false 100 && commit 2026-10-02 2026-Q4/one#a 4 &&
	write 4 false 80 && commit 2026-10-09 2026-Q4/two#c 80 &&
	write 8 false 80 && commit 2026-10-10 2026-Q4/one#a 8 &&
	write 8 true 80 && commit 2026-10-23 2026-Q4/one#b done
EOT

# Every block: the type line, a quoted title, an x-axis of as many quoted
# labels as weeks, a numeric y-axis range, series of as many values as
# weeks, each within the range.
check_blocks() {	# FILE WEEKS BLOCKS
	python3 - "$@" <<-\PY
	import re, sys
	text, weeks, want = open(sys.argv[1]).read(), int(sys.argv[2]), int(sys.argv[3])
	blocks = re.findall(r"^```mermaid\n(.*?)^```$", text, re.S | re.M)
	assert len(blocks) == want, (len(blocks), want)
	for b in blocks:
	    lines = b.strip("\n").split("\n")
	    assert lines[0] == "xychart-beta", lines
	    body = [l.strip() for l in lines[1:]]
	    assert re.fullmatch(r'title "[^"]+"', body[0]), body
	    x = re.fullmatch(r"x-axis \[(.*)\]", body[1])
	    labels = re.findall(r'"(\d\d-\d\d)"', x.group(1))
	    assert len(labels) == weeks, labels
	    y = re.fullmatch(r'y-axis "[^"]+" (\d+(?:\.\d+)?) --> (\d+(?:\.\d+)?)', body[2])
	    lo, hi = float(y.group(1)), float(y.group(2))
	    assert lo < hi, body[2]
	    assert len(body) > 3
	    for s in body[3:]:
	        m = re.fullmatch(r"(line|bar) \[(.*)\]", s)
	        vals = [float(v) for v in m.group(2).split(", ")]
	        assert len(vals) == weeks, (s, weeks)
	        assert all(lo <= v <= hi for v in vals), (s, lo, hi)
	PY
}

test_expect_success 'summary (the default): score and pace, and check-ins per week' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-01 >out.md &&
	check_blocks out.md 5 2 &&
	test_grep "^    bar \[1, 2, 0, 1, 0\]$" out.md &&
	# week 1: a 0.4, b 0 -> One 0.2, Two 0 -> 0.1; pace at 10-07: 6/91 = 0.07
	test_grep "^    line \[0.10, " out.md &&
	test_grep "^    line \[0.07, 0.14, 0.22, 0.30, 0.34\]$" out.md
EOT

test_expect_success 'all: one more per objective; none: no chart' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-01 --charts all >all.md &&
	check_blocks all.md 5 4 &&
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-01 --charts none >none.md &&
	! grep -q mermaid none.md &&
	test_expect_code 2 okr -C "$REPO" report --charts pie 2>err
EOT

test_expect_success 'the JSON report carries the same weekly series' - <<\EOT
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-01 --format json >out.json &&
	python3 - out.json <<-\PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	w = d["weekly"]
	assert w["weeks"] == ["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29"], w
	assert w["ends"][-1] == "2026-11-01", w
	assert w["checkins"] == [1, 2, 0, 1, 0], w
	assert [round(x, 2) for x in w["expected"]] == [0.07, 0.14, 0.22, 0.3, 0.34], w
	assert len(w["score"]) == 5 and all(0 <= x <= 1 for x in w["score"]), w
	for o in d["objectives"]:
	    assert len(o["weekly_score"]) == 5, o
	PY
EOT

test_expect_success 'cmark-gfm renders every block as a language-mermaid code block' - <<\EOT
	command -v cmark-gfm >/dev/null || { echo "no cmark-gfm: skipped"; exit 0; }
	okr -C "$REPO" report 2026-Q4 --as-of 2026-11-01 --charts all >all.md &&
	cmark-gfm -e table all.md >all.html &&
	test "$(grep -c '<pre><code class="language-mermaid">xychart-beta' all.html)" = 4
EOT

test_done
