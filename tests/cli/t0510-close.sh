#!/bin/bash
test_description='okr close and okr close --reopen: final scores, closed:, one commit, refusals'
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/quarter-lib.sh"

test_expect_success 'close writes every final score and closed:, byte for byte, in one commit' - <<\EOT
	make_quarter &&
	snapshot &&
	okr close 2026-Q3 --date 2026-10-02 -m "Q3 is done" >../out &&
	test_grep "^\[master [0-9a-f]*\] okr: close 2026-Q3$" ../out &&
	test_grep "^3 final scores written$" ../out &&
	one_commit 2026-Q3/ship.yaml 2026-Q3/team/build.yaml okr.yaml &&
	git diff HEAD~1 HEAD | grep -v "^index " >../diff &&
	cat >../expect <<\EOF &&
diff --git a/2026-Q3/ship.yaml b/2026-Q3/ship.yaml
--- a/2026-Q3/ship.yaml
+++ b/2026-Q3/ship.yaml
@@ -9,8 +9,9 @@ key_results:
     current: 64   # counted by hand
     unit: users
     updated: 2026-09-20
+    score: 0.6
 
-  - { id: launch, title: Launch, done: false }
+  - { id: launch, title: Launch, done: false, score: 0.0 }
   - id: gone
     title: Gone
     done: false
diff --git a/2026-Q3/team/build.yaml b/2026-Q3/team/build.yaml
--- a/2026-Q3/team/build.yaml
+++ b/2026-Q3/team/build.yaml
@@ -9,3 +9,4 @@ key_results:
       - { title: a, due: 2026-07-20, done: true }
       - { title: b, due: 2026-08-20, done: false }
       - { title: c, due: 2026-09-20, done: false }
+    score: 0.3
diff --git a/okr.yaml b/okr.yaml
--- a/okr.yaml
+++ b/okr.yaml
@@ -1,2 +1,4 @@
 organisation: Test AS
+closed:
+  2026-Q3: 2026-10-02
 # the settings
EOF
	test_cmp ../expect ../diff &&
	message >../msg &&
	printf "okr: close 2026-Q3\n\nQ3 is done\n\nOkr-Close: 2026-Q3\nOkr-Date: 2026-10-02\n" >../expect &&
	test_cmp ../expect ../msg &&
	okr check --strict --as-of 2030-01-01 >../out &&
	test_must_be_empty ../out
EOT

test_expect_success 'the scores are the progress as of the close date, not later check-ins' - <<\EOT
	make_quarter &&
	okr update ship#users 90 --date 2026-09-28 >/dev/null &&
	sed -i "s/current: 90/current: 100/" 2026-Q3/ship.yaml &&
	git commit -qam late --date=2026-10-05T09:00:00Z &&
	okr close 2026-Q3 --date 2026-10-01 >/dev/null &&
	test_grep "^    score: 0.9$" 2026-Q3/ship.yaml
EOT

test_expect_success 'other staged and unstaged work stays as it was, out of the commit' - <<\EOT
	make_quarter &&
	echo notes >notes.txt && git add notes.txt &&
	echo draft >draft.txt &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	git show --name-only --format= HEAD >../names &&
	! grep -e notes -e draft ../names &&
	git status --porcelain >../status &&
	printf "A  notes.txt\n?? draft.txt\n" >../expect &&
	test_cmp ../expect ../status
EOT

test_expect_success 'reopen takes back closed: and every score, to the byte' - <<\EOT
	make_quarter &&
	git rev-parse HEAD:2026-Q3/ship.yaml HEAD:2026-Q3/team/build.yaml HEAD:okr.yaml >../blobs.before &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	snapshot &&
	okr close --reopen 2026-Q3 -m "graded too early" >../out &&
	test_grep "^\[master [0-9a-f]*\] okr: reopen 2026-Q3$" ../out &&
	one_commit 2026-Q3/ship.yaml 2026-Q3/team/build.yaml okr.yaml &&
	git rev-parse HEAD:2026-Q3/ship.yaml HEAD:2026-Q3/team/build.yaml HEAD:okr.yaml >../blobs.after &&
	test_cmp ../blobs.before ../blobs.after &&
	message >../msg &&
	printf "okr: reopen 2026-Q3\n\ngraded too early\n\nOkr-Reopen: 2026-Q3\n" >../expect &&
	test_cmp ../expect ../msg
EOT

test_expect_success 'reopen keeps the other closed periods' - <<\EOT
	make_quarter &&
	printf "closed:\n  2026-Q2: 2026-07-01\n" >>okr.yaml &&
	git commit -qam "Q2 closed" &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	sed -n "/closed:/,\$p" okr.yaml >../closed &&
	printf "closed:\n  2026-Q2: 2026-07-01\n  2026-Q3: 2026-10-02\n" >../expect &&
	test_cmp ../expect ../closed &&
	okr close --reopen 2026-Q3 >/dev/null &&
	sed -n "/closed:/,\$p" okr.yaml >../closed &&
	printf "closed:\n  2026-Q2: 2026-07-01\n" >../expect &&
	test_cmp ../expect ../closed
EOT

test_expect_success 'refused: before the last day of the period without --force' - <<\EOT
	make_quarter &&
	refused close 2026-Q3 --date 2026-09-29 &&
	test_grep "2026-Q3 runs until 2026-09-30; closing it on 2026-09-29 needs --force" ../err &&
	snapshot &&
	okr close 2026-Q3 --date 2026-09-29 --force >/dev/null &&
	one_commit 2026-Q3/ship.yaml 2026-Q3/team/build.yaml okr.yaml
EOT

test_expect_success 'refused: a period already closed, and reopening an open one' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	refused close 2026-Q3 &&
	test_grep "2026-Q3 is already closed (on 2026-10-02)" ../err &&
	okr close --reopen 2026-Q3 >/dev/null &&
	refused close --reopen 2026-Q3 &&
	test_grep "2026-Q3 is not closed" ../err
EOT

test_expect_success 'refused: okr check finds errors in the period' - <<\EOT
	make_quarter &&
	sed -i "s/target: 100/target: 0/" 2026-Q3/ship.yaml &&
	git commit -qam broken &&
	refused close 2026-Q3 --date 2026-10-02 &&
	test_grep "okr check finds 1 error in 2026-Q3 (2026-Q3/ship.yaml:8:13: " ../err
EOT

test_expect_success 'refused: uncommitted changes in a file of the period or okr.yaml' - <<\EOT
	make_quarter &&
	echo "# mine" >>2026-Q3/team/build.yaml &&
	refused close 2026-Q3 --date 2026-10-02 &&
	test_grep "2026-Q3/team/build.yaml. has uncommitted changes" ../err &&
	git checkout -q . &&
	echo "# mine" >>okr.yaml && git add okr.yaml &&
	refused close 2026-Q3 --date 2026-10-02 &&
	test_grep "okr.yaml. has uncommitted changes" ../err &&
	git reset -q --hard &&
	make_objective 2026-Q3/new.yaml &&
	refused close 2026-Q3 --date 2026-10-02 &&
	test_grep "2026-Q3/new.yaml. is not committed yet" ../err
EOT

test_expect_success 'refused: a date in the future, a bad period, a bad date' - <<\EOT
	make_quarter &&
	refused close 2026-Q3 --date 2999-01-01 &&
	refused close 2026-Q5 &&
	refused close 2026-Q3 --date 2026-13-01 &&
	refused close --reopen 2026-Q3 --force
EOT

test_expect_success 'a closed period takes no check-in' - <<\EOT
	make_quarter &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	refused update 2026-Q3/ship#users 70 --date 2026-09-30 &&
	test_grep "2026-Q3 was closed on 2026-10-02: its values are final" ../err
EOT

test_expect_success 'the multi-file commit runs the hooks; a failing pre-commit changes nothing' - <<\EOT
	make_quarter &&
	mkdir -p .git/hooks &&
	printf "#!/bin/sh\ngit diff --cached --name-only >../pre-commit.out\n" >.git/hooks/pre-commit &&
	printf "#!/bin/sh\nprintf \"\\\\nReviewed-by: Hook\\\\n\" >>\"\$1\"\n" >.git/hooks/commit-msg &&
	printf "#!/bin/sh\ngit rev-parse HEAD >../post-commit.out\n" >.git/hooks/post-commit &&
	chmod +x .git/hooks/* &&
	okr close 2026-Q3 --date 2026-10-02 >/dev/null &&
	printf "2026-Q3/ship.yaml\n2026-Q3/team/build.yaml\nokr.yaml\n" >../expect &&
	test_cmp ../expect ../pre-commit.out &&
	message | grep "^Reviewed-by: Hook$" &&
	git rev-parse HEAD >../expect &&
	test_cmp ../expect ../post-commit.out &&
	printf "#!/bin/sh\necho no >&2; exit 3\n" >.git/hooks/pre-commit &&
	snapshot &&
	test_expect_code 2 okr close --reopen 2026-Q3 >../out 2>../err &&
	test_grep "okr: error: the pre-commit hook .* failed (exit 3)" ../err &&
	unchanged
EOT

test_expect_success 'with commit.gpgsign a signature that cannot be made is an error, nothing changed' - <<\EOT
	make_quarter &&
	git config commit.gpgsign true &&
	git config gpg.program false &&
	snapshot &&
	test_expect_code 2 okr close 2026-Q3 --date 2026-10-02 >../out 2>../err &&
	test_grep "^okr: error: " ../err &&
	unchanged
EOT

test_done
