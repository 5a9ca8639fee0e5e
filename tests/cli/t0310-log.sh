#!/bin/bash
test_description='okr log: the history of a key result or an objective from git'
. "$(dirname "$0")/lib.sh"

# alpha KR_USERS CONFIDENCE LAUNCHED
write_alpha() {
	mkdir -p 2026-Q4/team &&
	{
		printf 'objective: Alpha\nlevel: company\nowner: Test Team\nkey_results:\n'
		printf '  - id: users\n    title: Users\n    start: 0\n    target: 10\n'
		printf '    current: %s\n    unit: ms\n' "$1"
		test -z "$2" || printf '    confidence: %s\n' "$2"
		printf '  - id: launch\n    title: Launch\n    done: %s\n' "$3"
	} >2026-Q4/team/alpha.yaml
}

# commit_as NAME DAY MESSAGE
commit_as() {
	git add -A &&
	GIT_AUTHOR_NAME=$1 GIT_AUTHOR_EMAIL=x@example.com \
	GIT_AUTHOR_DATE="$2T10:00:00+00:00" GIT_COMMITTER_DATE="$2T10:00:00+00:00" \
	git commit -q -m "$3"
}

# A quarter: two check-ins with trailers, a hand edit, a check-in of the
# other key result, a commit that touches nothing of it.
make_history() {
	make_repo . &&
	write_alpha 5 '' false && commit_as 'A U Thor' 2026-09-25 'okr: init' &&
	write_alpha 7 0.6 false &&
	commit_as 'Kari Nordmann' 2026-10-05 "$(printf 'okr: 2026-Q4/team/alpha#users 5 -> 7 ms\n\nGood week\nsecond line\n\nOkr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: 7\nOkr-Confidence: 0.6')" &&
	write_alpha 8 0.6 false && commit_as Ola 2026-10-12 'fix numbers' &&
	write_alpha 8 0.6 true &&
	commit_as 'Åse Øvre' 2026-10-19 "$(printf 'okr: 2026-Q4/team/alpha#launch not-done -> done\n\nOkr-Ref: 2026-Q4/team/alpha#launch\nOkr-Value: done')" &&
	echo hi >README && commit_as Ola 2026-10-20 'readme' &&
	write_alpha 9 '' true &&
	commit_as 'Kari Nordmann' 2026-11-02 "$(printf 'okr: 2026-Q4/team/alpha#users 8 -> 9 ms\n\nOkr-Ref: 2026-Q4/team/alpha#users\nOkr-Value: 9')"
}

test_expect_success 'a key result: newest first, aligned, hand edits marked' '
	make_history &&
	okr log alpha#users --as-of 2026-11-30 >out &&
	cat >expect <<-\EOT &&
	2026-Q4/team/alpha#users · Users · owner: Test Team
	2026-11-02  Kari Nordmann  9 ms  -    okr: 2026-Q4/team/alpha#users 8 -> 9 ms
	2026-10-12  Ola            8 ms  0.6  fix numbers (hand edit)
	2026-10-05  Kari Nordmann  7 ms  0.6  Good week
	EOT
	test_cmp expect out
'

test_expect_success '--as-of leaves out later check-ins' '
	make_history &&
	okr log 2026-Q4/team/alpha#users --as-of 2026-10-31 >out &&
	cat >expect <<-\EOT &&
	2026-Q4/team/alpha#users · Users · owner: Test Team
	2026-10-12  Ola            8 ms  0.6  fix numbers (hand edit)
	2026-10-05  Kari Nordmann  7 ms  0.6  Good week
	EOT
	test_cmp expect out
'

test_expect_success 'an objective: every key result, with its id' '
	make_history &&
	okr log team/alpha --as-of 2026-10-31 >out &&
	cat >expect <<-\EOT &&
	2026-Q4/team/alpha · Alpha · owner: Test Team
	2026-10-19  #launch  Åse Øvre       done  -    okr: 2026-Q4/team/alpha#launch not-done -> done
	2026-10-12  #users   Ola            8 ms  0.6  fix numbers (hand edit)
	2026-10-05  #users   Kari Nordmann  7 ms  0.6  Good week
	EOT
	test_cmp expect out
'

test_expect_success '--rev reads the history of another commit' '
	make_history &&
	okr log alpha#users --rev HEAD~1 --as-of 2026-11-30 >out &&
	test_line_count = 3 out &&
	test_grep "^2026-10-12  Ola" out
'

test_expect_success 'no history: said on stderr, exit 0' '
	make_history &&
	mkdir -p 2026-Q4/team &&
	sed "s/Alpha/Beta/" 2026-Q4/team/alpha.yaml >2026-Q4/team/beta.yaml &&
	okr log beta#users --as-of 2026-11-30 >out 2>err &&
	test_must_be_empty out &&
	test_grep "no check-ins of .2026-Q4/team/beta#users." err
'

test_expect_success 'an empty repository has no history either' '
	make_repo . &&
	write_alpha 5 "" false &&
	okr log alpha#users --as-of 2026-11-30 >out 2>err &&
	test_must_be_empty out &&
	test_grep "no check-ins" err
'

test_expect_success 'unknown references and bad arguments: exit 2' '
	make_history &&
	test_expect_code 2 okr log nothing#here --as-of 2026-11-30 2>err &&
	test_grep "^okr: error: no objective .nothing." err &&
	test_expect_code 2 okr log alpha#nope --as-of 2026-11-30 2>err &&
	test_grep "^okr: error: no key result .nope." err &&
	test_expect_code 2 okr log alpha#users --rev no-such-rev --as-of 2026-11-30 2>err &&
	test_grep "^okr: error: .*no-such-rev" err &&
	test_expect_code 2 okr log alpha#users --as-of 2026-13-01 2>err &&
	test_expect_code 2 okr log 2>err &&
	test_grep "^usage: okr log <ref> \[--rev <rev>\] \[--as-of <date>\]" err
'

test_expect_success 'a shallow clone says where its history starts' '
	make_history &&
	git clone -q --depth 2 "file://$PWD" shallow &&
	okr -C shallow log alpha#users --as-of 2026-11-30 >out &&
	cat >expect <<-\EOT &&
	2026-Q4/team/alpha#users · Users · owner: Test Team
	2026-11-02  Kari Nordmann  9 ms  -  okr: 2026-Q4/team/alpha#users 8 -> 9 ms
	(history is shallow: it starts on 2026-10-20)
	EOT
	test_cmp expect out &&
	okr -C shallow log alpha#launch --as-of 2026-11-30 >out 2>err &&
	test_must_be_empty out &&
	test_grep "no check-ins of .* (a shallow clone: history starts on 2026-10-20)" err
'

test_expect_success 'the first line names the key result and whom to ask: a team as its name and lead' - <<\EOT
	make_history &&
	cat >okr.yaml <<-\EOF &&
	organisation: Test AS
	teams:
	  platform:
	    name: Platform
	    lead: Ola Nordmann <ola@example.com>
	    members:
	      - Kari Nordmann <kari@example.com>
	EOF
	sed -i "s/^owner: Test Team/owner: platform/" 2026-Q4/team/alpha.yaml &&
	sed -i "/id: launch/a\\    owner: Kari Nordmann <kari@example.com>" 2026-Q4/team/alpha.yaml &&
	okr check --as-of 2026-11-05 >/dev/null &&
	commit_as Ola 2026-11-03 "owners" &&
	okr log alpha#users --as-of 2026-11-30 >out &&
	test_grep "^2026-Q4/team/alpha#users · Users · owner: Platform (Ola Nordmann)$" out &&
	okr log alpha#launch --as-of 2026-11-30 >out &&
	test_grep "^2026-Q4/team/alpha#launch · Launch · owner: Kari Nordmann$" out &&
	okr log team/alpha --as-of 2026-11-30 >out &&
	head -1 out >first &&
	echo "2026-Q4/team/alpha · Alpha · owner: Platform (Ola Nordmann)" >expect &&
	test_cmp expect first
EOT

test_done
