#!/bin/bash
test_description='okr completion: bash completes commands, flags, values, periods, references'
. "$(dirname "$0")/lib.sh"

# The completion asks okr itself (okr --help, okr <command> -h, okr list),
# so okr must be on PATH as the shell would find it. The references are
# those of the period containing today: the fixture is written there.
mkdir -p "$TEST_TMP/bin" &&
ln -s "$OKR" "$TEST_TMP/bin/okr" &&
PATH=$TEST_TMP/bin:$PATH
export PATH
NOW=$(date +%Y)-Q$(( ($(date +%-m) + 2) / 3 ))
export NOW
"$OKR" completion bash >"$TEST_TMP/okr.bash" || {
	echo "Bail out! okr completion bash failed"
	exit 1
}

write_fixture() {
	make_repo . &&
	mkdir -p "$NOW/platform" "$NOW/mobile" 2020-Q3/platform &&
	make_objective "$NOW/platform/instant-platform.yaml" &&
	sed -i "s/id: kr/id: p95-latency/" "$NOW/platform/instant-platform.yaml" &&
	make_objective "$NOW/mobile/instant-platform.yaml" &&
	make_objective "$NOW/mobile/offline.yaml" &&
	make_objective 2020-Q3/platform/cloud-costs.yaml
}

# complete WORD... : COMPREPLY for the command line WORD... (the last word
# is the one being completed), one word a line, sorted.
complete_words() {
	OKR_BASH=$TEST_TMP/okr.bash bash -c '
		source "$OKR_BASH" || exit 1
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		COMPREPLY=()
		_okr || exit 1
		test ${#COMPREPLY[@]} -eq 0 || printf "%s\n" "${COMPREPLY[@]}" | sort
	' complete_words "$@"
}

test_expect_success 'the script loads and registers the completion' - <<\EOT
	okr completion bash >okr.bash &&
	test_cmp "$TEST_TMP/okr.bash" okr.bash &&
	bash -c "source ./okr.bash && complete -p okr" >out &&
	test_grep "_okr okr$" out
EOT

test_expect_success 'commands, and help topics' - <<\EOT
	complete_words okr "" >actual &&
	for c in check completion help list status; do
		grep -qx "$c" actual || { echo "missing $c" >&2; return 1; }
	done &&
	complete_words okr st >actual &&
	echo status >expect &&
	test_cmp expect actual &&
	complete_words okr help comp >actual &&
	echo completion >expect &&
	test_cmp expect actual &&
	complete_words okr completion "" >actual &&
	printf "bash\nzsh\n" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'flags of a command, from its synopsis' - <<\EOT
	complete_words okr list -- >actual &&
	cat >expect <<-\EOF &&
	--as-of
	--format
	--help
	--level
	--owner
	--period
	--status
	EOF
	test_cmp expect actual &&
	complete_words okr status --o >actual &&
	echo --owner >expect &&
	test_cmp expect actual
EOT

test_expect_success 'the values of flags with a fixed set' - <<\EOT
	complete_words okr list --status "" >actual &&
	printf "at-risk\ndone\noff-track\non-track\n" >expect &&
	test_cmp expect actual &&
	complete_words okr list --format j >actual &&
	echo json >expect &&
	test_cmp expect actual &&
	complete_words okr list --level "" >actual &&
	printf "company\nindividual\nteam\n" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'periods are the folders of the repository' - <<\EOT
	write_fixture &&
	complete_words okr list --period "" >actual &&
	printf "2020-Q3\n%s\n" "$NOW" | sort >expect &&
	test_cmp expect actual &&
	mkdir sub &&
	(cd sub && complete_words okr list --period 20 >../actual) &&
	test_cmp expect actual
EOT

test_expect_success 'key-result references, in full and the unique short forms' - <<\EOT
	write_fixture &&
	complete_words okr update "" >actual &&
	sort >expect <<-EOF &&
	$NOW/mobile/instant-platform#kr
	$NOW/mobile/offline#kr
	$NOW/platform/instant-platform#p95-latency
	mobile/instant-platform#kr
	mobile/offline#kr
	offline#kr
	platform/instant-platform#p95-latency
	EOF
	test_cmp expect actual &&
	complete_words okr update off >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'a suffix naming two objectives is not offered' - <<\EOT
	write_fixture &&
	# instant-platform is platform/ or mobile/instant-platform: okr would
	# refuse it as ambiguous, whichever key result follows
	complete_words okr update inst >actual &&
	test_must_be_empty actual
EOT

test_expect_success 'an objective id that is a suffix of another still resolves' - <<\EOT
	write_fixture &&
	make_objective "$NOW/offline.yaml" &&
	complete_words okr update offline >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual &&
	complete_words okr update mobile/off >actual &&
	echo "mobile/offline#kr" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'a reference that names a period completes in that period' - <<\EOT
	write_fixture &&
	complete_words okr update 2020-Q3/ >actual &&
	echo "2020-Q3/platform/cloud-costs#kr" >expect &&
	test_cmp expect actual
EOT

test_expect_success '-C <path> is passed on' - <<\EOT
	write_fixture &&
	mkdir ../elsewhere &&
	repo=$(pwd) &&
	cd ../elsewhere &&
	complete_words okr -C "$repo" update offl >actual &&
	echo "offline#kr" >expect &&
	test_cmp expect actual
EOT

test_expect_success 'zsh: the same completion through bashcompinit' - <<\EOT
	okr completion zsh >okr.zsh &&
	test_grep "^autoload -U +X bashcompinit && bashcompinit$" okr.zsh &&
	test_grep "^complete -o default -F _okr okr$" okr.zsh &&
	if command -v zsh >/dev/null; then
		zsh -n okr.zsh
	else
		bash -n okr.zsh
	fi
EOT

test_expect_success 'an unknown shell or no shell: exit 2 with the usage' - <<\EOT
	test_expect_code 2 okr completion fish 2>err &&
	test_grep "unknown shell 'fish'" err &&
	test_grep "^usage: okr completion bash|zsh$" err &&
	test_expect_code 2 okr completion 2>err &&
	test_grep "^usage: okr completion bash|zsh$" err
EOT

test_done
