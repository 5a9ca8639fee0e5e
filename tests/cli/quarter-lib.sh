# quarter-lib.sh: what the t05xx tests of the quarter's end share: a small
# organisation with a finished 2026-Q3, and the git-state checks every
# command and refusal is held to (fsck clean, one commit or none, other
# files and the index untouched).

# In ./repo (the test's own files go beside it, in ..): 2026-Q3 with a
# company objective (a metric, a flow-style binary, a
# milestone key result) and a team objective below it; committed on
# 2026-09-20, with a later check-in on 2026-10-05.
make_quarter() {
	make_repo repo && cd repo &&
	printf '# the settings\n' >>okr.yaml &&
	mkdir -p 2026-Q3/team &&
	cat >2026-Q3/ship.yaml <<\EOT &&
objective: Ship the thing   # says why
level: company
owner: Test Team
key_results:
  - id: users
    title: Reach users
    start: 0
    target: 100
    current: 64   # counted by hand
    unit: users
    updated: 2026-09-20

  - { id: launch, title: Launch, done: false }
  - id: gone
    title: Gone
    done: false
    dropped: 2026-08-03
    drop_reason: "Partner left"
EOT
	cat >2026-Q3/team/build.yaml <<\EOT &&
objective: Build it
level: team
owner: Test Team
parent: ship
key_results:
  - id: parts
    title: Parts
    milestones:
      - { title: a, due: 2026-07-20, done: true }
      - { title: b, due: 2026-08-20, done: false }
      - { title: c, due: 2026-09-20, done: false }
EOT
	git add . &&
	GIT_AUTHOR_DATE=2026-09-20T10:00:00Z GIT_COMMITTER_DATE=2026-09-20T10:00:00Z \
		git commit -q -m setup
}

# The commit message exactly as stored.
message() {
	git cat-file commit "${1:-HEAD}" | sed '1,/^$/d'
}

git_fsck_clean() {
	git fsck --strict >../fsck.out 2>&1 || { cat ../fsck.out >&2; return 1; }
}

# HEAD, the index, the status and every file's bytes, to compare later.
snapshot() {
	git rev-parse HEAD >../head.before &&
	git ls-files -s >../index.before &&
	git status --porcelain --untracked-files=all >../status.before &&
	find . -path ./.git -prune -o -type f -print0 | sort -z |
		xargs -0 sha1sum >../files.before
}

# Nothing moved since snapshot.
unchanged() {
	git rev-parse HEAD >../head.after &&
	test_cmp ../head.before ../head.after &&
	git ls-files -s >../index.after &&
	test_cmp ../index.before ../index.after &&
	git status --porcelain --untracked-files=all >../status.after &&
	test_cmp ../status.before ../status.after &&
	find . -path ./.git -prune -o -type f -print0 | sort -z |
		xargs -0 sha1sum >../files.after &&
	test_cmp ../files.before ../files.after &&
	git_fsck_clean
}

# okr must refuse with exit 2, one "okr: error:" line, and change nothing.
refused() {
	snapshot &&
	test_expect_code 2 okr "$@" >../out 2>../err &&
	test_must_be_empty ../out &&
	test_line_count = 1 ../err &&
	test_grep '^okr: error: ' ../err &&
	unchanged
}

# After a command that succeeded: exactly one new commit on the snapshot's
# HEAD, holding exactly the files named (sorted, one per line), a clean
# work tree and index, fsck clean.
one_commit() {
	git rev-parse HEAD~1 >../parent &&
	test_cmp ../head.before ../parent &&
	git diff --name-only HEAD~1 HEAD >../names.out &&
	printf '%s\n' "$@" >../names.expect &&
	test_cmp ../names.expect ../names.out &&
	git status --porcelain --untracked-files=all >../status.out &&
	test_must_be_empty ../status.out &&
	git diff --cached --quiet &&
	git_fsck_clean
}
