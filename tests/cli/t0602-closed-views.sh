#!/bin/bash
test_description='status, agenda, list: grades in a closed period, nothing chased there; dropped objectives out of the pace; whom to chase for a team-owned key result'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

# make_quarter's 2026-Q3 closed on 2026-10-02 with final scores users 1.0
# (ship: (1.0 + 0.0) / 2 = 0.5, partial) and parts 0.3 (build: missed);
# --as-of inside the period reads HEAD's okr.yaml, which has it closed.
closed_quarter() {
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr update 2026-Q3/ship#users --score 1 -m "Counted late" >/dev/null
}

test_expect_success 'status shows final scores and grades in a closed period and chases nothing' - <<\EOT
	closed_quarter &&
	okr status --as-of 2026-09-25 --owner nobody@example.com >../out &&
	cat >../expect <<\EOF &&
Test AS: 2026-Q3 (2026-07-01 to 2026-09-30), day 87 of 92, expected progress 95%
Closed on 2026-10-02: final scores and grades, nothing to chase

Objectives:
  0.5  partial    company    ship        Ship the thing
  0.3  missed     team       team/build  Build it

Needs attention (yours: nobody@example.com): nothing

Needs attention (others): nothing

Next OKR meeting: Monday 2026-09-28 09:00 (30 min)
Ambassadors: none yet (add 'ambassadors' to okr.yaml)
EOF
	test_cmp ../expect ../out
EOT

test_expect_success 'status: a committed objective is achieved only at 1.0; a dropped objective is dropped' - <<\EOT
	make_quarter &&
	sed -i "s/^level: company$/&\ntype: committed/" 2026-Q3/ship.yaml &&
	git commit -qam committed &&
	okr update 2026-Q3/team/build --drop -m "Folded" --date 2026-09-22 >/dev/null &&
	okr status --as-of 2026-09-25 >../open &&
	test_grep "^  [0-9.]*  dropped    team       team/build  Build it$" ../open &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	okr update 2026-Q3/ship#users --score 0.8 -m x >/dev/null &&
	okr update 2026-Q3/ship#launch --score 1 -m x >/dev/null &&
	okr status --as-of 2026-09-25 >../closed &&
	test_grep "^  0.9  missed     company    ship        Ship the thing$" ../closed &&
	test_grep "^  [0-9.]*  dropped    team       team/build  Build it$" ../closed
EOT

test_expect_success 'the agenda of a closed period shows the final grades and chases nobody' - <<\EOT
	closed_quarter &&
	okr agenda --as-of 2026-09-25 >../agenda.md &&
	! grep -e "At risk and off track" -e "off track |" -e "at risk |" ../agenda.md &&
	sed -n "/^## 3\. /,/^## 6\. /p" ../agenda.md >../middle &&
	cat >../expect <<\EOF &&
## 3. Final grades (24 min, 09:03)

2026-Q3 closed on 2026-10-02: the scores are final, nothing is chased.

| Objective | Owner | Final score | Grade |
|---|---|---:|---|
| Ship the thing (ship) | Test Team | 0.5 | partial |
| Build it (team/build) | Test Team | 0.3 | missed |

## 4. Who has not checked in (0 min, 09:27)

Nobody is chased: 2026-Q3 is closed.

## 5. Overdue milestones (0 min, 09:27)

None: 2026-Q3 is closed.

## 6. Decisions and next steps (3 min, 09:27)
EOF
	test_cmp ../expect ../middle
EOT

test_expect_success 'the agenda leaves a dropped objective out of "at risk and off track"' - <<\EOT
	make_quarter &&
	okr agenda --as-of 2026-09-25 >../before.md &&
	test_grep "^| Build it (team/build) | Test Team | 0.3 | off track |$" ../before.md &&
	okr update 2026-Q3/team/build --drop -m "Folded" --date 2026-09-22 >/dev/null &&
	okr agenda --as-of 2026-09-25 >../after.md &&
	! grep "Build it" ../after.md
EOT

test_expect_success 'list shows final scores and grades in a closed period, dropped items as dropped' - <<\EOT
	closed_quarter &&
	okr list --as-of 2026-09-25 | cut -f1,5,6 >../out &&
	cat >../expect <<\EOF &&
2026-Q3/ship#gone	0.00	dropped
2026-Q3/ship#launch	0.00	missed
2026-Q3/ship#users	1.00	achieved
2026-Q3/team/build#parts	0.30	missed
EOF
	test_cmp ../expect ../out
EOT

test_expect_success 'status and the follow-up name whom to chase: the key result owner, else the team lead' - <<\EOT
	make_repo repo && cd repo &&
	cat >>okr.yaml <<\EOF &&
teams:
  platform:
    name: Platform
    lead: Ola Nordmann <ola@example.com>
    members: [Alice Berg <alice@example.com>]
EOF
	mkdir -p 2026-Q4 &&
	cat >2026-Q4/fast.yaml <<\EOF &&
objective: Make it fast
level: company
owner: platform
key_results:
  - id: p95
    title: Cut p95
    owner: Alice Berg <alice@example.com>
    start: 800
    target: 200
    current: 800
  - id: cache
    title: Edge cache live
    done: false
EOF
	git add . &&
	GIT_AUTHOR_DATE=2026-10-01T10:00:00Z GIT_COMMITTER_DATE=2026-10-01T10:00:00Z \
		git commit -q -m setup &&
	okr status --as-of 2026-11-15 --owner nobody@example.com >../status &&
	test_grep "^  stale    fast#p95    Alice Berg  *no check-in since" ../status &&
	test_grep "^  stale    fast#cache  Platform (Ola Nordmann)  no check-in since" ../status &&
	okr report 2026-Q4 --as-of 2026-11-15 >../r.md &&
	test_grep "^| Alice Berg | Cut p95 (2026-Q4/fast#p95) |" ../r.md &&
	test_grep "^| Platform (Ola Nordmann) | Edge cache live (2026-Q4/fast#cache) |" ../r.md
EOT

test_done
