#!/bin/bash
test_description='okr new: objective files from flags or an editor, validated, committed'
. "$(dirname "$0")/lib.sh"

# okr new keeps an editor's file it could not use in $TMPDIR: in ours,
# removed with the rest
TMPDIR=$TEST_TMP
export TMPDIR

setup() {
	make_repo repo && cd repo &&
	make_objective 2026-Q4/company/grow.yaml company &&
	git add . && git commit -q -m setup
}

snapshot() {
	git rev-parse HEAD >../head.before &&
	find . -path ./.git -prune -o -print | sort >../tree.before &&
	git status --porcelain >../status.before
}

# Nothing moved: HEAD, the files and folders there are, git status.
unchanged() {
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	find . -path ./.git -prune -o -print | sort >../tree.after &&
	test_cmp ../tree.before ../tree.after &&
	git status --porcelain >../status.after &&
	test_cmp ../status.before ../status.after
}

# The new file is committed alone, clean in git status, and valid.
committed_alone() {
	git show --name-only --format= HEAD >../names &&
	echo "$1" >../names.expect &&
	test_cmp ../names.expect ../names &&
	git show HEAD:"$1" >../committed &&
	cmp ../committed "$1" &&
	git fsck --strict &&
	git status --porcelain >../status &&
	test_must_be_empty ../status &&
	okr check --as-of 2026-10-05 >../check &&
	test_must_be_empty ../check
}

# An editor script: $1 is the script's name, stdin its body after "#!/bin/sh".
editor_script() {
	{ echo '#!/bin/sh'; cat; } >"$TRASH_DIRECTORY/$1" &&
	chmod +x "$TRASH_DIRECTORY/$1"
}

FILLED='objective: Written in the editor
level: team
owner: Platform Team
parent: company/grow
key_results:
  - id: ship
    title: Ship it
    done: false'

fill_editor() {
	printf '%s\n' "$FILLED" >"$TRASH_DIRECTORY/filled.yaml" &&
	editor_script fill.sh <<-EOF
	cp "$TRASH_DIRECTORY/filled.yaml" "\$1"
	EOF
}

test_expect_success 'flags: the file is written, valid and committed alone' - <<\EOT
	setup &&
	okr new 2026-Q4/platform/instant-platform \
		--objective "Make the platform feel instant" --owner "Platform Team" \
		--parent company/grow \
		--kr "Cut p95 latency: 800 -> 200 ms" \
		--kr "Edge cache live in all regions" \
		-m "Agreed at the planning day" &&
	F=2026-Q4/platform/instant-platform.yaml &&
	committed_alone $F &&
	grep -x 'objective: Make the platform feel instant' $F &&
	grep -x 'level: team' $F &&
	grep -x 'owner: Platform Team' $F &&
	grep -x 'parent: company/grow' $F &&
	grep -E -x ' +- id: cut-p95-latency' $F &&
	grep -E -x ' +title: Cut p95 latency' $F &&
	grep -E -x ' +start: 800' $F &&
	grep -E -x ' +target: 200' $F &&
	grep -E -x ' +current: 800' $F &&
	grep -E -x ' +unit: ms' $F &&
	grep -E -x ' +- id: edge-cache-live-in-all-regions' $F &&
	grep -E -x ' +done: false' $F
EOT

test_expect_success 'new key results count as checked in today: not stale at once' - <<\EOT
	setup &&
	okr new 2026-Q4/platform/x --objective X --owner "Platform Team" \
		--parent company/grow --kr "A: 1 -> 2" --kr "B" &&
	grep -c -E -x " +updated: $(date +%Y-%m-%d)" 2026-Q4/platform/x.yaml >../n &&
	echo 2 >../n.expect &&
	test_cmp ../n.expect ../n &&
	okr check --as-of "$(date +%Y-%m-%d)" 2026-Q4/platform/x.yaml >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'the commit: subject, -m body and Okr-Ref trailer' - <<\EOT
	setup &&
	okr new 2026-Q4/platform/instant-platform --objective "Instant" \
		--owner "Platform Team" --kr "Ship" -m "Agreed at the planning day" &&
	git log -1 --format=%s >../subject &&
	test_grep '^okr: .*2026-Q4/platform/instant-platform' ../subject &&
	git log -1 --format=%b >../body &&
	grep -x 'Agreed at the planning day' ../body &&
	git log -1 --format="%(trailers:key=Okr-Ref,valueonly)" >../ref &&
	printf '2026-Q4/platform/instant-platform\n\n' >../ref.expect &&
	test_cmp ../ref.expect ../ref
EOT

test_expect_success 'key result ids from titles' - <<\EOT
	setup &&
	okr new 2026-Q4/platform/ids --objective Ids --owner "Platform Team" \
		--kr "Cut p95 latency (API)" \
		--kr "Reduce the number of customer support tickets per week" \
		--kr "Ship it" --kr "Ship it" --kr "Ship it!" \
		--kr "Kundetilfredshet på 90 %: 70 -> 90 %" \
		--kr "v2.0 -- launch__now" --kr "🚀" 2>../err &&
	grep -E -o '^ +- id: .*' 2026-Q4/platform/ids.yaml | sed 's/^ *- id: //' >../ids &&
	cat >../ids.expect <<-\EOF &&
	cut-p95-latency-api
	reduce-the-number-of-customer-su
	ship-it
	ship-it-2
	ship-it-3
	kundetilfredshet-p-90
	v2-0-launch-now
	kr
	EOF
	test_cmp ../ids.expect ../ids &&
	cat >../err.expect <<-\EOF &&
	okr: note: key result 'Reduce the number of customer support tickets per week' gets the id 'reduce-the-number-of-customer-su'
	okr: note: key result 'Ship it' gets the id 'ship-it-2'
	okr: note: key result 'Ship it!' gets the id 'ship-it-3'
	okr: note: key result '🚀' gets the id 'kr'
	EOF
	test_cmp ../err.expect ../err &&
	committed_alone 2026-Q4/platform/ids.yaml
EOT

test_expect_success '--kr: the last ": " splits title from numbers' - <<\EOT
	setup &&
	okr new 2026-Q4/platform/kr --objective Kr --owner "Platform Team" \
		--kr "Latency: p95: 800 -> 200 ms" \
		--kr "Search as you type: 0 -> 100 %" \
		--kr "Churn: 2.5 -> 1.25" \
		--kr "Temperature: -5 -> 10 °C" \
		--kr "Not a range: abc" &&
	F=2026-Q4/platform/kr.yaml &&
	committed_alone $F &&
	grep -E -x ' +- id: latency-p95' $F &&
	grep -E -x ' +title: "?Latency: p95"?' $F &&
	grep -E -x " +unit: ('%'|\"%\")" $F &&
	grep -E -x ' +- id: churn' $F &&
	grep -E -x ' +start: 2.5' $F &&
	grep -E -x ' +target: 1.25' $F &&
	grep -E -x ' +start: -5' $F &&
	grep -E -x ' +unit: °C' $F &&
	grep -E -x ' +- id: not-a-range-abc' $F &&
	grep -E -x ' +title: "?Not a range: abc"?' $F &&
	grep -c -E '^ +unit:' $F >../units &&
	echo 3 >../units.expect &&
	test_cmp ../units.expect ../units &&
	grep -c -E '^ +done: false$' $F >../binary &&
	echo 1 >../binary.expect &&
	test_cmp ../binary.expect ../binary
EOT

test_expect_success 'text in any UTF-8 reads back' - <<\EOT
	setup &&
	okr new 2026-Q4/platform/norsk --objective "Nordlys skal føles øyeblikkelig 🚀" \
		--owner "Marte Kjærnes <marte@example.com>" --kr "Bli raskere" &&
	committed_alone 2026-Q4/platform/norsk.yaml &&
	grep -F 'Nordlys skal føles øyeblikkelig 🚀' 2026-Q4/platform/norsk.yaml
EOT

test_expect_success 'an existing file is refused and left alone' - <<\EOT
	setup &&
	cp 2026-Q4/company/grow.yaml ../grow.before &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/company/grow --objective Other \
		--level company --owner "Platform Team" --kr Ship 2>../err &&
	test_grep '^okr: error: .*2026-Q4/company/grow.yaml' ../err &&
	cmp ../grow.before 2026-Q4/company/grow.yaml &&
	unchanged
EOT

test_expect_success 'an untracked file in the way is refused too' - <<\EOT
	setup &&
	mkdir -p 2026-Q4/platform &&
	echo "# mine" >2026-Q4/platform/mine.yaml &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/mine --objective Mine \
		--owner "Platform Team" --kr Ship 2>/dev/null &&
	echo "# mine" >../mine.expect &&
	test_cmp ../mine.expect 2026-Q4/platform/mine.yaml &&
	unchanged
EOT

test_expect_success 'a parent missing from the repository: exit 2, nothing written' - <<\EOT
	setup &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X \
		--owner "Platform Team" --parent company/no-such --kr Ship 2>../err &&
	test_grep 'company/no-such' ../err &&
	unchanged
EOT

test_expect_success 'a parent in another period or of the same level is refused' - <<\EOT
	setup &&
	make_objective 2027-Q1/company/later.yaml company &&
	make_objective 2026-Q4/platform/team.yaml team company/grow &&
	git add . && git commit -q -m more &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X \
		--owner "Platform Team" --parent company/later --kr Ship 2>/dev/null &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X \
		--owner "Platform Team" --parent platform/team --kr Ship 2>/dev/null &&
	test_expect_code 2 okr new 2026-Q4/company/x --objective X --level company \
		--owner "Platform Team" --parent company/grow --kr Ship 2>/dev/null &&
	unchanged &&
	okr new 2026-Q4/alice/x --objective X --level individual \
		--owner "Alice <alice@example.com>" --parent platform/team --kr Ship &&
	committed_alone 2026-Q4/alice/x.yaml
EOT

test_expect_success 'owners are checked against teams when teams are declared' - <<\EOT
	setup &&
	cat >>okr.yaml <<-\EOF &&
	teams:
	  platform:
	    name: Platform
	    lead: Ola Nordmann <ola@example.com>
	EOF
	git commit -q -a -m teams &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X \
		--owner nobody --kr Ship 2>/dev/null &&
	unchanged &&
	okr new 2026-Q4/platform/x --objective X --owner platform --kr Ship &&
	git show --name-only --format= HEAD >../names &&
	echo 2026-Q4/platform/x.yaml >../names.expect &&
	test_cmp ../names.expect ../names &&
	okr check --as-of 2026-10-05 2026-Q4/platform/x.yaml >../check &&
	test_must_be_empty ../check
EOT

test_expect_success 'bad periods, ids, levels and missing flags are refused' - <<\EOT
	setup &&
	snapshot &&
	for args in \
		"2026-Q5/platform/x --objective X --owner T --kr K" \
		"26-Q4/platform/x --objective X --owner T --kr K" \
		"2026-Q4 --objective X --owner T --kr K" \
		"2026-Q4/ --objective X --owner T --kr K" \
		"2026-Q4/../x --objective X --owner T --kr K" \
		"2026-Q4/platform/../../x --objective X --owner T --kr K" \
		"2026-Q4/Platform/X --objective X --owner T --kr K" \
		"2026-Q4/platform/x --objective X --owner T --level boss --kr K" \
		"2026-Q4/platform/x --objective X --kr K" \
		"2026-Q4/platform/x --objective X --owner T --kr Flat:_5_->_5" \
		"2026-Q4/platform/x --objective X --owner T --bogus"
	do
		set -- $args &&
		set -- "${@//_/ }" &&
		test_expect_code 2 okr new "$@" 2>>../err || return 1
	done &&
	unchanged
EOT

test_expect_success 'no --kr at all: a clear error naming --kr, nothing written' - <<\EOT
	setup &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X \
		--owner "Platform Team" 2>../err &&
	test_line_count = 1 ../err &&
	test_grep '^okr: error: .*--kr' ../err &&
	unchanged
EOT

test_expect_success 'EDITOR: a script that fills the template' - <<\EOT
	setup &&
	fill_editor &&
	EDITOR="$TRASH_DIRECTORY/fill.sh" okr new 2026-Q4/platform/edited &&
	test_cmp ../filled.yaml 2026-Q4/platform/edited.yaml &&
	committed_alone 2026-Q4/platform/edited.yaml
EOT

test_expect_success 'EDITOR: editing the template itself, comments dropped' - <<\EOT
	setup &&
	editor_script edit.sh <<-\EOF &&
	grep -q "^#" "$1" || exit 1
	sed -i -e 's/^objective:.*/objective: From the template/' "$1"
	EOF
	EDITOR="$TRASH_DIRECTORY/edit.sh" okr new 2026-Q4/platform/tmpl \
		--owner "Platform Team" --kr "Ship it" &&
	F=2026-Q4/platform/tmpl.yaml &&
	grep -x 'objective: From the template' $F &&
	! grep '^#' $F &&
	grep -E -x ' +- id: ship-it' $F &&
	committed_alone $F
EOT

test_expect_success 'EDITOR with arguments, as git allows' - <<\EOT
	setup &&
	fill_editor &&
	EDITOR="sh $TRASH_DIRECTORY/fill.sh" okr new 2026-Q4/platform/edited &&
	test_cmp ../filled.yaml 2026-Q4/platform/edited.yaml
EOT

test_expect_success 'an empty editor result aborts with exit 2, nothing written' - <<\EOT
	setup &&
	editor_script empty.sh <<-\EOF &&
	: >"$1"
	EOF
	editor_script comments.sh <<-\EOF &&
	sed -i '/^[^#]/d' "$1"
	EOF
	snapshot &&
	test_expect_code 2 env EDITOR="$TRASH_DIRECTORY/empty.sh" \
		"$OKR" new 2026-Q4/platform/x --owner T 2>../err &&
	test_grep '^okr: error: ' ../err &&
	test_expect_code 2 env EDITOR="$TRASH_DIRECTORY/comments.sh" \
		"$OKR" new 2026-Q4/platform/x --owner T 2>/dev/null &&
	unchanged
EOT

test_expect_success 'an editor that fails or writes an invalid file: nothing written' - <<\EOT
	setup &&
	editor_script fail.sh <<-\EOF &&
	exit 1
	EOF
	editor_script bad.sh <<-\EOF &&
	printf 'objective: X\nlevel: team\nowner: T\n' >"$1"
	EOF
	snapshot &&
	test_expect_code 2 env EDITOR="$TRASH_DIRECTORY/fail.sh" \
		"$OKR" new 2026-Q4/platform/x 2>/dev/null &&
	test_expect_code 2 env EDITOR="$TRASH_DIRECTORY/bad.sh" \
		"$OKR" new 2026-Q4/platform/x 2>/dev/null &&
	unchanged
EOT

test_expect_success 'GIT_EDITOR wins over VISUAL, VISUAL over EDITOR' - <<\EOT
	setup &&
	fill_editor &&
	editor_script empty.sh <<-\EOF &&
	: >"$1"
	EOF
	GIT_EDITOR="$TRASH_DIRECTORY/fill.sh" VISUAL="$TRASH_DIRECTORY/empty.sh" \
	EDITOR="$TRASH_DIRECTORY/empty.sh" okr new 2026-Q4/platform/one &&
	test_cmp ../filled.yaml 2026-Q4/platform/one.yaml &&
	VISUAL="$TRASH_DIRECTORY/fill.sh" EDITOR="$TRASH_DIRECTORY/empty.sh" \
		okr new 2026-Q4/platform/two &&
	test_cmp ../filled.yaml 2026-Q4/platform/two.yaml &&
	snapshot &&
	test_expect_code 2 env GIT_EDITOR="$TRASH_DIRECTORY/empty.sh" \
		EDITOR="$TRASH_DIRECTORY/fill.sh" "$OKR" new 2026-Q4/platform/three 2>/dev/null &&
	unchanged
EOT

test_expect_success 'run from a sub-folder: the id is below the OKR root' - <<\EOT
	setup &&
	mkdir -p 2026-Q4/platform &&
	(cd 2026-Q4/platform && okr new 2026-Q4/platform/deep --objective Deep \
		--owner "Platform Team" --kr Ship) &&
	test -f 2026-Q4/platform/deep.yaml &&
	! test -e 2026-Q4/platform/2026-Q4 &&
	committed_alone 2026-Q4/platform/deep.yaml
EOT

test_expect_success 'the OKR root in a sub-folder of a bigger repository' - <<\EOT
	git init -q big && cd big &&
	echo hello >README && git add README && git commit -q -m project &&
	mkdir okr && (cd okr && okr init --organisation "Test AS") &&
	(cd okr && okr new 2026-Q4/platform/x --objective X --owner T --kr Ship) &&
	test -f okr/2026-Q4/platform/x.yaml &&
	git show --name-only --format= HEAD >../names &&
	echo okr/2026-Q4/platform/x.yaml >../names.expect &&
	test_cmp ../names.expect ../names &&
	git fsck --strict &&
	git status --porcelain >../status &&
	test_must_be_empty ../status
EOT

test_expect_success 'the editor: an invalid objective is kept for the user, blank lines stay' - <<\EOT
	setup &&
	editor_script broken.sh <<-\EOF &&
	printf 'objective: [broken\n' >"$1"
	EOF
	snapshot &&
	EDITOR="$TRASH_DIRECTORY/broken.sh" test_expect_code 2 \
		okr new 2026-Q4/platform/x 2>../err &&
	kept=$(sed -n "s/^okr: your objective is kept in '\(.*\)'$/\1/p" ../err) &&
	test -n "$kept" &&
	grep -x 'objective: \[broken' "$kept" &&
	rm -f "$kept" &&
	unchanged &&
	editor_script para.sh <<-\EOF &&
	printf 'objective: P\nlevel: team\nowner: Platform Team\nparent: company/grow\ndescription: |\n  one\n\n  two\nkey_results:\n  - id: a\n    title: A\n    done: false\n' >"$1"
	EOF
	EDITOR="$TRASH_DIRECTORY/para.sh" okr new 2026-Q4/platform/p &&
	printf 'description: |\n  one\n\n  two\n' >../para.expect &&
	sed -n '/^description/,/^key_results/p' 2026-Q4/platform/p.yaml | sed '$d' >../para &&
	test_cmp ../para.expect ../para
EOT

test_expect_success '--kr with a range that is not numbers is refused' - <<\EOT
	setup &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X \
		--owner "Platform Team" --parent company/grow --kr "Bad: abc -> def" 2>../err &&
	test_grep "START and TARGET must be numbers" ../err &&
	unchanged
EOT

test_expect_success 'text that is not UTF-8 is refused, nothing written' - <<\EOT
	setup &&
	snapshot &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective "$(printf "bad \377\376 text")" \
		--owner T --kr K 2>../err &&
	test_grep "^okr: error: --objective is not valid UTF-8 text (byte 0xFF at position 5)" ../err &&
	test_expect_code 2 okr new 2026-Q4/platform/x --objective X --owner T \
		--kr "$(printf "Cut \303")" 2>../err &&
	test_grep "^okr: error: --kr is not valid UTF-8 text (byte 0xC3 at position 5)" ../err &&
	test_expect_code 2 okr new "$(printf "2026-Q4/\351t\351")" --objective X --owner T \
		--kr K 2>../err &&
	test_grep "^okr: error: <id> is not valid UTF-8 text" ../err &&
	unchanged &&
	okr new 2026-Q4/platform/x --objective "Løvås 🚀 æøå" --owner T --kr "Fart: 1 -> 2 km/t" &&
	grep -x "objective: Løvås 🚀 æøå" 2026-Q4/platform/x.yaml &&
	okr check --as-of 2026-10-05 >../check &&
	test_must_be_empty ../check
EOT

test_done
