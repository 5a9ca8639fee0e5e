#!/bin/bash
test_description='text leaving okr (SPEC 7): no C0/C1 control, DEL or bidi override from a file name, a title, an owner, a commit message or an author reaches any output; ordinary text passes unchanged'
. "$(dirname "$0")/lib.sh"

ESC=$(printf '\033')
CSI=$(printf '\302\233')		# U+009B, a one-character CSI
RLO=$(printf '\342\200\256')		# U+202E RIGHT-TO-LEFT OVERRIDE
LRI=$(printf '\342\201\246')		# U+2066 LEFT-TO-RIGHT ISOLATE
BAD="${ESC}[2J${CSI}31m${RLO}${LRI}"
YBAD='\e[2J\u009B31m\u202E\u2066'	# the same, as YAML escapes
ID="t/esc${ESC}[2Jx${CSI}y${RLO}z"	# an objective id from a file name
NORSK='Øke kundetilfredshet på Løvås 🚀'
W=$TEST_TMP/shared	# one repository and its outputs for every test

# Raw bytes no output may hold: C0 but TAB, LF and the CR of a CRLF, DEL,
# C1 as UTF-8 or as a lone byte (output that is not UTF-8), the bidi
# overrides and isolates.
scan() {
	python3 - "$@" <<-\PY
	import re, sys
	ok = True
	for f in sys.argv[1:]:
	    d = open(f, 'rb').read()
	    # a continuation byte 80-9F is fine inside a well-formed character
	    text = d.decode('utf-8', 'replace').encode('utf-8')
	    if text != d:
	        print(f + ': not UTF-8'); ok = False; continue
	    for m in re.finditer(rb'\r(?!\n)|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]', d):
	        s = d.rfind(b'\n', 0, m.start()) + 1
	        print(f + ': ' + repr(d[s:d.find(b'\n', m.start())][:200])); ok = False
	        break
	sys.exit(0 if ok else 1)
	PY
}

# okr in ./r, every output kept in ../o/N.out and N.err
run() {
	n=$((n + 1)) &&
	{ okr "$@" >../o/$n.out 2>../o/$n.err; echo $? >../o/$n.rc; } &&
	printf '%s\t%s\n' "$n" "$*" >>../o/index
}

test_expect_success 'setup: hostile file name, title, owner, ambassador, commit message and author' - <<\EOT
	mkdir "$W" && cd "$W" && git init -q r && cd r &&
	printf 'organisation: "Org %s"\nambassadors:\n  - "Amb %s <amb@example.com>"\n' "$YBAD" "$YBAD" >okr.yaml &&
	mkdir -p 2026-Q4/t &&
	cat >"2026-Q4/$ID.yaml" <<-Y &&
	objective: "Evil $YBAD title"
	level: company
	owner: "Eve $YBAD <eve@example.com>"
	key_results:
	  - id: kr
	    title: "KR $YBAD"
	    start: 0
	    target: 10
	    current: 1
	    updated: 2026-10-01
	  - id: ms
	    title: "Milestones $YBAD"
	    milestones:
	      - { title: "step $YBAD", due: 2026-10-10, done: false }
	Y
	cat >2026-Q4/t/norsk.yaml <<-Y &&
	objective: "$NORSK"
	level: team
	owner: "Åse Ødegård <ase@example.com>"
	key_results:
	  - id: nps
	    title: "Få NPS over 50 ✅"
	    start: 0
	    target: 50
	    current: 10
	    updated: 2026-10-01
	Y
	git add . &&
	GIT_AUTHOR_NAME="Mallory $BAD" GIT_AUTHOR_DATE=2026-10-01T10:00:00Z \
		GIT_COMMITTER_DATE=2026-10-01T10:00:00Z git commit -q -m "setup $BAD" &&
	GIT_AUTHOR_NAME="Mallory $BAD" GIT_AUTHOR_DATE=2026-10-05T10:00:00Z \
		okr update "$ID#kr" 4 -m "moved $BAD" --date 2026-10-05 >../commit.out &&
	GIT_AUTHOR_NAME="Mallory $BAD" GIT_AUTHOR_DATE=2026-10-06T10:00:00Z \
		okr update norsk#nps 20 -m "Bra jobba 🎉 på Løvås" --date 2026-10-06 >>../commit.out &&
	git log -1 --format=%s HEAD~1 >../subject &&
	grep -q "$ESC" ../subject &&
	scan ../commit.out
EOT

test_expect_success 'every command in every format: no raw control or bidi byte' - <<\EOT
	cd "$W/r" && mkdir ../o && n=0 &&
	run status --as-of 2026-11-20 &&
	run status --as-of 2026-11-20 --owner eve@example.com &&
	run status --as-of 2026-11-20 --owner "Eve ${ESC}[2J" &&
	for f in tsv csv json
	do
		run list --as-of 2026-11-20 --format $f || return 1
	done &&
	for f in markdown json
	do
		run report 2026-Q4 --as-of 2026-11-20 --format $f --charts all || return 1
	done &&
	run agenda --as-of 2026-11-20 &&
	run log "$ID" && run log "$ID#kr" && run log "$ID#ms" && run log norsk#nps &&
	run log "nope${BAD}" &&
	for f in text json github gitlab
	do
		run check --as-of 2026-11-20 --format $f || return 1
	done &&
	run check --as-of 2026-11-20 "2026-Q4/$ID.yaml" &&
	run check "2026-Q4/missing${BAD}.yaml" &&
	run report 2026-Q4 --team "x${BAD}" &&
	run update "$ID#kr" 5 --date 2026-11-20 --no-commit &&
	git checkout -q -- . &&
	run mv "$ID#kr" "#k${ESC}r" &&
	cat ../o/index &&
	test "$(cat ../o/1.rc ../o/4.rc ../o/7.rc ../o/9.rc ../o/11.rc ../o/15.rc | sort -u)" = 0 &&
	scan ../o/*.out ../o/*.err &&
	# the refusals and notes that quote the text were printed, cleaned
	grep -q "no objective 'nope�\[2J�31m��'" ../o/14.err &&
	grep -q "missing�\[2J�31m��.yaml" ../o/20.err &&
	grep -q "esc�\[2Jx�y�z#kr 4 -> 5 (not committed)" ../o/22.out &&
	test -s ../o/23.err
EOT

test_expect_success 'what was there stays visible: U+FFFD in views, escapes in diagnostics, exact values in JSON' - <<\EOT
	cd "$W/r" &&
	grep -q "company    t/esc�\[2Jx�y�z  Evil �\[2J�31m�� title" ../o/1.out &&
	grep -q "^Org �\[2J�31m��: 2026-Q4" ../o/1.out &&
	grep -q "Mallory �\[2J�31m��  4  -  moved �\[2J�31m��" ../o/11.out &&
	grep -q "^# Org �\\\\\[2J�31m�� — OKR report 2026-Q4" ../o/7.out &&
	grep -qF "2026-Q4/t/esc\x1B[2Jx\u009By\u202Ez.yaml:14:58: warning: milestone 'step \x1B[2J\u009B31m\u202E\u2066' is overdue" ../o/15.out &&
	grep -qF "::warning file=2026-Q4/t/esc\x1B[2Jx\u009By\u202Ez.yaml,line=14,col=58,title=overdue::" ../o/17.out &&
	python3 - "$ID" "$BAD" ../o/6.out ../o/16.out ../o/18.out ../o/8.out <<-\PY
	import json, sys
	oid, bad = sys.argv[1], sys.argv[2]
	lst, chk, gl, rep = (json.load(open(f)) for f in sys.argv[3:7])
	# JSON for programs: the values exactly as in the files
	assert "2026-Q4/" + oid + "#kr" in [r["ref"] for r in lst], lst
	assert "KR " + bad in [r["title"] for r in lst], lst
	assert any(d["file"] == "2026-Q4/" + oid + ".yaml" for d in chk["diagnostics"]), chk
	# GitLab shows its report to people: cleaned as the text format is
	assert any(d["location"]["path"] == "2026-Q4/t/esc\ufffd[2Jx\ufffdy\ufffdz.yaml" for d in gl), gl
	assert any("step \\x1B[2J\\u009B31m\\u202E\\u2066" in d["description"] for d in gl), gl
	def strings(v):
	    if isinstance(v, dict): v = list(v.values())
	    if isinstance(v, list): return [s for x in v for s in strings(x)]
	    return [v] if isinstance(v, str) else []
	assert "Evil " + bad + " title" in strings(rep), rep
	PY
EOT

test_expect_success 'ordinary Norwegian and emoji text passes unchanged everywhere' - <<\EOT
	cd "$W/r" &&
	for i in 1 7 8
	do
		grep -qF "$NORSK" ../o/$i.out || { echo "missing in $(sed -n "${i}p" ../o/index)" >&2; return 1; }
	done &&
	grep -qF "Åse Ødegård" ../o/1.out &&
	grep -qF "Få NPS over 50 ✅" ../o/4.out &&
	grep -qF "Få NPS over 50 ✅" ../o/5.out &&
	grep -qF "Få NPS over 50 ✅" ../o/6.out &&
	grep -qF "| Åse Ødegård | Få NPS over 50 ✅ (2026-Q4/t/norsk#nps) |" ../o/9.out &&
	grep -qF "Bra jobba 🎉 på Løvås" ../o/13.out &&
	grep -qF "2026-Q4/t/norsk#nps 10 -> 20" ../commit.out
EOT

test_done
