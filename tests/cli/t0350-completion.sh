#!/bin/bash
test_description='okr __complete and the bash, zsh and fish scripts that call it'
. "$(dirname "$0")/lib.sh"

# The scripts run the okr they complete, found on PATH as the shell would.
# The references are those of the period containing today: the fixture is
# written there.
mkdir -p "$TEST_TMP/bin" &&
ln -s "$OKR" "$TEST_TMP/bin/okr" &&
PATH=$TEST_TMP/bin:$PATH
export PATH
TODAY=$(date +%Y-%m-%d)
NOW=$(date +%Y)-Q$(( ($(date +%-m) + 2) / 3 ))
NEXT=$(( $(date +%Y) + ($(date +%-m) > 9) ))-Q$(( ($(date +%-m) + 2) / 3 % 4 + 1 ))
export TODAY NOW NEXT

write_fixture() {
	make_repo . &&
	mkdir -p "$NOW/platform" "$NOW/mobile" 2020-Q3/platform &&
	make_objective "$NOW/platform/instant-platform.yaml" &&
	sed -i "s/id: kr/id: p95-latency/" "$NOW/platform/instant-platform.yaml" &&
	make_objective "$NOW/mobile/instant-platform.yaml" &&
	make_objective "$NOW/mobile/offline.yaml" &&
	make_objective 2020-Q3/platform/cloud-costs.yaml
}

# complete WORD... : what okr __complete answers, without the directive line
complete_values() {
	okr __complete "$@" >answer &&
	sed '$d' answer | cut -f1
}

# The directive (the last line, ":N") of okr __complete WORD...
directive() {
	okr __complete "$@" | sed -n '$s/^://p'
}

test_expect_success 'okr completion prints a script for each shell' - <<\EOT
	okr completion bash >okr.bash &&
	bash -n okr.bash &&
	test_grep "^complete -F _okr okr$" okr.bash &&
	okr completion zsh >_okr &&
	head -n1 _okr >first &&
	echo "#compdef okr" >expect &&
	test_cmp expect first &&
	test_grep "_describe" _okr &&
	okr completion fish >okr.fish &&
	test_grep "^complete -c okr " okr.fish &&
	if command -v fish >/dev/null; then fish --no-execute okr.fish; fi &&
	if command -v zsh >/dev/null; then zsh -n _okr; fi
EOT

test_expect_success 'an unknown shell or no shell: exit 2 with the usage' - <<\EOT
	test_expect_code 2 okr completion tcsh 2>err &&
	test_grep "unknown shell 'tcsh' (bash, zsh or fish)" err &&
	test_grep "^usage: okr completion bash|zsh|fish$" err &&
	test_expect_code 2 okr completion 2>err &&
	test_grep "^usage: okr completion bash|zsh|fish$" err
EOT

test_expect_success '__complete: commands with their summaries; the hidden one is not offered' - <<\EOT
	okr __complete "" >answer &&
	test_grep "^update	check in: " answer &&
	test_grep "^help	" answer &&
	! grep "__complete" answer &&
	echo ":4" >expect &&
	tail -n1 answer >last &&
	test_cmp expect last &&
	complete_values st >actual &&
	echo status >expect &&
	test_cmp expect actual &&
	complete_values help comp >actual &&
	echo completion >expect &&
	test_cmp expect actual &&
	complete_values completion "" >actual &&
	printf "bash\nzsh\nfish\n" >expect &&
	test_cmp expect actual &&
	okr --help >help &&
	! grep __complete help
EOT

test_expect_success 'every short and long flag, from the option table' - <<\EOT
	complete_values update - | sort >actual &&
	for f in --confidence -c --message -m --date --no-commit --milestone --sync --help; do
		grep -qx -e "$f" actual || { echo "missing $f" >&2; return 1; }
	done &&
	# exactly the flags okr update -h lists, from the same table
	{ okr update -h | grep -o -e "^    -[a-z]" -e "--[a-z-]*" | sed "s/^ *//"; echo --help; } |
		sort -u >expect &&
	test_cmp expect actual &&
	complete_values update --c >actual &&
	echo --confidence >expect &&
	test_cmp expect actual &&
	okr __complete update ref --m >answer &&
	test_grep "^--message	what happened" answer &&
	complete_values report --o >actual &&
	printf -- "--output\n--owner\n" >expect &&
	test_cmp expect actual &&
	complete_values update ref 5 -m msg -- >actual &&
	! grep -x -e -m -e --message actual
EOT

test_expect_success 'the values of flags: choices, dates, --opt=value' - <<\EOT
	complete_values list --status "" >actual &&
	printf "done\non-track\nat-risk\noff-track\ndropped\nachieved\npartial\nmissed\n" >expect &&
	test_cmp expect actual &&
	complete_values list --format j >actual &&
	echo json >expect &&
	test_cmp expect actual &&
	complete_values list --format=j >actual &&
	echo --format=json >expect &&
	test_cmp expect actual &&
	complete_values list --format = j >actual &&
	echo json >expect &&
	test_cmp expect actual &&
	complete_values new x --level "" >actual &&
	printf "company\nteam\nindividual\n" >expect &&
	test_cmp expect actual &&
	complete_values report --as-of "" >actual &&
	echo "$TODAY" >expect &&
	test_cmp expect actual &&
	test "$(directive report --as-of "")" = 4 &&
	test "$(directive report -o "")" = 0
EOT

test_expect_success 'periods: the folders, the current and the next one' - <<\EOT
	write_fixture &&
	complete_values list --period "" | sort >actual &&
	printf "2020-Q3\n%s\n%s\n" "$NOW" "$NEXT" | sort >expect &&
	test_cmp expect actual &&
	mkdir sub &&
	(cd sub && complete_values list --period 20 | sort >../actual) &&
	test_cmp expect actual
EOT

add_teams() {
	cat >>okr.yaml <<-\EOF
	teams:
	  platform:
	    name: Platform
	    lead: Ola Nordmann <ola@example.com>
	    members: [Alice Berg <alice@example.com>]
	EOF
}

test_expect_success 'owners and teams from okr.yaml' - <<\EOT
	write_fixture &&
	add_teams &&
	okr __complete list --owner "" >answer &&
	test_grep "^platform	Platform$" answer &&
	test_grep "^Ola Nordmann <ola@example.com>	Platform$" answer &&
	test_grep "^Alice Berg <alice@example.com>	Platform$" answer &&
	complete_values init --ambassador A >actual &&
	echo "Alice Berg <alice@example.com>" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'key-result references: short forms first, with their titles' - <<\EOT
	write_fixture &&
	okr __complete update "" >answer &&
	sed '$d' answer | cut -f1 >actual &&
	cat >expect <<-\EOF &&
	offline#kr
	mobile/instant-platform#kr
	mobile/offline#kr
	platform/instant-platform#p95-latency
	EOF
	test_cmp expect actual &&
	test_grep "^offline#kr	A key result$" answer &&
	tail -n1 answer >last &&
	echo ":36" >expect &&
	test_cmp expect last &&
	complete_values update off >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual &&
	complete_values update "mobile/offline#" >actual &&
	echo "mobile/offline#kr" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'a suffix naming two objectives is not offered' - <<\EOT
	write_fixture &&
	# instant-platform is platform/ or mobile/instant-platform: okr would
	# refuse it as ambiguous, whichever key result follows
	complete_values update inst >actual &&
	test_must_be_empty actual &&
	complete_values update "instant-platform#" >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'an objective id that is a suffix of another still resolves' - <<\EOT
	write_fixture &&
	make_objective "$NOW/offline.yaml" &&
	git add . && git commit -q -m fixture &&
	complete_values update offline >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual &&
	okr update --no-commit offline#kr 5 >/dev/null &&
	git diff --name-only >changed &&
	echo "$NOW/offline.yaml" >expect &&
	test_cmp expect changed &&
	complete_values update mobile/off >actual &&
	echo "mobile/offline#kr" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'a reference that names a period completes in that period' - <<\EOT
	write_fixture &&
	complete_values update 2020-Q3/ >actual &&
	printf "2020-Q3/cloud-costs#kr\n2020-Q3/platform/cloud-costs#kr\n" >expect &&
	test_cmp expect actual &&
	complete_values update 202 | sort >actual &&
	printf "2020-Q3/\n%s/\n%s/\n" "$NOW" "$NEXT" | sort >expect &&
	test_cmp expect actual &&
	test "$(directive update 202)" = 38
EOT

test_expect_success 'log takes objectives too; new offers periods, then folders' - <<\EOT
	write_fixture &&
	complete_values log mobile/off >actual &&
	printf "mobile/offline\nmobile/offline#kr\n" >expect &&
	test_cmp expect actual &&
	complete_values new "$NOW/" | sort >actual &&
	printf "%s/mobile/\n%s/platform/\n" "$NOW" "$NOW" >expect &&
	test_cmp expect actual &&
	complete_values new x --parent mob | sort >actual &&
	printf "mobile/instant-platform\nmobile/offline\n" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'update: done/not-done for a binary result; milestones by number and title' - <<\EOT
	write_fixture &&
	cat >"$NOW/ms.yaml" <<-\EOF &&
	objective: M
	level: team
	owner: Test Team
	milestones:
	  - { title: Kick-off, due: 2026-10-03, done: true }
	  - { title: Launch day, due: 2026-12-03, done: false }
	key_results:
	  - id: bin
	    title: B
	    done: false
	EOF
	complete_values update ms#bin "" >actual &&
	printf "done\nnot-done\n" >expect &&
	test_cmp expect actual &&
	complete_values update offline#kr "" >actual &&
	test_must_be_empty actual &&
	okr __complete update ms --milestone "" >answer &&
	test_grep "^1	Kick-off$" answer &&
	test_grep "^2	Launch day$" answer &&
	test_grep "^Launch day	not done$" answer &&
	complete_values update ms --milestone 2 "" >actual &&
	printf "done\nnot-done\n" >expect &&
	test_cmp expect actual
EOT

test_expect_success '-C <path> is passed on' - <<\EOT
	write_fixture &&
	mkdir ../elsewhere &&
	repo=$(pwd) &&
	cd ../elsewhere &&
	complete_values -C "$repo" update offl >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual &&
	test "$(directive -C "")" = 16
EOT

test_expect_success 'a large period: a bare TAB shows at most a screenful' - <<\EOT
	make_repo . &&
	for t in $(seq -w 0 99); do
		mkdir -p "$NOW/team-$t" &&
		for o in 1 2 3; do
			: >"$NOW/team-$t/obj-$o.yaml" || return 1
		done
	done &&
	complete_values update "" >actual &&
	test "$(wc -l <actual)" -le 64 &&
	test "$(wc -l <actual)" -ge 10 &&
	test_grep "^team-0" actual &&
	complete_values update team-7 >actual &&
	test "$(wc -l <actual)" -ge 10 &&
	while read -r c; do
		case $c in team-7*) ;; *) echo "stray $c" >&2; return 1 ;; esac
	done <actual &&
	complete_values update team-77/obj-2 >actual &&
	echo "team-77/obj-2#" >expect &&
	test_cmp expect actual &&
	test "$(directive update team-77/obj-2)" = 38
EOT

# ---- the shells, for real ----

# bash: COMPREPLY of _okr for the words given (the last one being completed)
bash_complete() {
	OKR_BASH=$TEST_TMP/okr.bash bash -c '
		source "$OKR_BASH" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMPREPLY=()
		_okr || exit 1
		test ${#COMPREPLY[@]} -eq 0 || printf "%s\n" "${COMPREPLY[@]}"
	' bash_complete "$@"
}
"$OKR" completion bash >"$TEST_TMP/okr.bash"

test_expect_success 'bash: COMP_WORDS in, COMPREPLY out' - <<\EOT
	write_fixture &&
	bash_complete okr update --c >actual &&
	echo --confidence >expect &&
	test_cmp expect actual &&
	bash_complete okr upd >actual &&
	echo update >expect &&
	test_cmp expect actual &&
	bash_complete okr update off >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual &&
	add_teams &&
	bash_complete okr list --owner Ola >actual &&
	echo "Ola\\ Nordmann\\ \\<ola@example.com\\>" >expect &&
	test_cmp expect actual &&
	bash_complete okr report -o ok >actual &&
	echo okr.yaml >expect &&
	test_cmp expect actual &&
	bash_complete okr -C "" >actual &&
	test_grep "^2020-Q3$" actual &&
	! grep -x okr.yaml actual
EOT

if command -v zsh >/dev/null; then
	# zsh: the real completion system in a pseudo-terminal (zpty); what
	# TAB puts on the line and lists, escapes stripped
	cat >"$TEST_TMP/zsh-complete.zsh" <<-\EOF
	zmodload zsh/zpty
	zpty z zsh -f -i
	zpty -w z "PS1='' PROMPT='' RPROMPT=''; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; zstyle ':completion:*' list-separator '--'; LISTMAX=1000; setopt nobeep"
	zpty -w z 'print READ''Y'
	text= n=0
	while [[ $text != *READY* ]] && (( n++ < 100 )); do
		zpty -r -t z chunk && text+=$chunk || sleep 0.05
	done
	zpty -w -n z "$2"$'\t'
	sleep 0.5
	zpty -w z $'\C-u''print DO''NE'
	text= n=0
	while [[ $text != *DONE* ]] && (( n++ < 200 )); do
		zpty -r -t z chunk && text+=$chunk || sleep 0.05
	done
	zpty -d z
	print -r -- "$text" | sed 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\r//g'
	EOF
	mkdir -p "$TEST_TMP/zfunc" &&
	"$OKR" completion zsh >"$TEST_TMP/zfunc/_okr"

	test_expect_success 'zsh: TAB completes a flag; a list shows descriptions' - <<\EOT
		write_fixture &&
		zsh -f "$TEST_TMP/zsh-complete.zsh" "$TEST_TMP/zfunc" "okr update --c" >out &&
		test_grep "okr update --confidence" out &&
		zsh -f "$TEST_TMP/zsh-complete.zsh" "$TEST_TMP/zfunc" "okr s" >out &&
		test_grep "status *-- show the current period at a glance" out &&
		test_grep "sync *-- fetch" out &&
		zsh -f "$TEST_TMP/zsh-complete.zsh" "$TEST_TMP/zfunc" "okr update off" >out &&
		# zsh quotes the # it inserts (a glob character with extendedglob)
		grep -F "okr update offline\#kr" out
EOT
else
	test_skip 'zsh: TAB completes a flag; a list shows descriptions' 'no zsh'
fi

if command -v fish >/dev/null; then
	test_expect_success 'fish: complete -C, with descriptions' - <<\EOT
		write_fixture &&
		okr completion fish >okr.fish &&
		fish -c "source okr.fish; complete -C 'okr update --c'" >actual &&
		printf -- "--confidence\thow sure you are of reaching the target, 0 to 1\n" >expect &&
		test_cmp expect actual &&
		fish -c "source okr.fish; complete -C 'okr update off'" >actual &&
		printf "offline#kr\tA key result\n" >expect &&
		test_cmp expect actual &&
		fish -c "source okr.fish; complete -C 'okr list --format '" | sort >actual &&
		printf "csv\njson\ntsv\n" >expect &&
		test_cmp expect actual
EOT
else
	test_skip 'fish: complete -C, with descriptions' 'no fish'
fi

test_done
