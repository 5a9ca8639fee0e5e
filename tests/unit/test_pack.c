/*
 * test_pack.c: the pack reader against libgit2 on repositories written by
 * the git command line: every object read through pack.c must be the bytes
 * git_odb_read gives, with offset and reference deltas, with a cache too
 * small to keep anything, by two threads' readers of the same packs, and
 * damaged packs must give errors, not crashes.
 */
#include <check.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pack.h"
#include "testutil.h"

static char tmp[256];

/*
 * A repository whose files change a little in each of 60 commits, so that
 * repack stores most versions as deltas of others; numbers.txt drifts (each
 * version shares most lines with its neighbours only), so chains are deep;
 * packed with git's options git_args, then 3 more commits left loose.
 */
static void make_repo(const char *dir, const char *git_args)
{
	ck_assert_int_eq(sh("set -e; rm -rf %s; git init -q %s; cd %s;"
			    "git config user.name T; git config user.email t@example.com;"
			    "mkdir -p a/b;"
			    "for i in $(seq 1 60); do"
			    "  seq $((i * 5)) $((i * 5 + 300)) | sed 's/$/ and some text/'"
			    "    > a/b/numbers.txt;"
			    "  for j in $(seq 1 $i); do echo \"line $j of $i\"; done > a/list.txt;"
			    "  echo $i > top.txt;"
			    "  git add -A; git commit -q -m \"commit $i\";"
			    "done;"
			    "git %s repack -q -adf --depth=50 --window=50;"
			    "for i in 1 2 3; do echo loose $i > loose$i.txt; git add -A;"
			    "  git commit -q -m \"loose $i\"; done",
			    dir, dir, dir, git_args), 0);
}

struct walk {
	git_odb *odb;
	struct okr_packs *packs;
	size_t packed, loose, same, errors;
};

static int each(const git_oid *id, void *payload)
{
	struct walk *w = payload;
	git_odb_object *o;
	unsigned char *data;
	size_t len;
	git_object_t type;
	int rc = okr_packs_read(&data, &len, &type, w->packs, id);

	ck_assert_int_eq(git_odb_read(&o, w->odb, id), 0);
	if (rc == 0) {
		w->packed++;
		if (len == git_odb_object_size(o) && type == git_odb_object_type(o) &&
		    memcmp(data, git_odb_object_data(o), len) == 0 && data[len] == '\0')
			w->same++;
		free(data);
	} else if (rc == GIT_ENOTFOUND) {
		w->loose++;
	} else {
		w->errors++;
	}
	git_odb_object_free(o);
	return 0;
}

/* Reads every object of dir through objects (another folder, or NULL for
 * dir's own), counting in w. */
static void read_all(struct walk *w, const char *dir, const char *objects, size_t cache)
{
	git_repository *repo;
	char path[512];

	memset(w, 0, sizeof(*w));
	ck_assert_int_eq(git_repository_open(&repo, dir), 0);
	ck_assert_int_eq(git_repository_odb(&w->odb, repo), 0);
	snprintf(path, sizeof(path), "%s/.git/objects", dir);
	ck_assert_int_eq(okr_packs_open(&w->packs, objects ? objects : path, cache), 0);
	ck_assert_int_eq(git_odb_foreach(w->odb, each, w), 0);
	okr_packs_free(w->packs);
	git_odb_free(w->odb);
	git_repository_free(repo);
}

/* Objects in the pack: 60 commits, 60 versions of each of the 3 files
 * (all different), and per commit a root tree and the trees a and a/b:
 * 60 + 180 + 180 = 420. The loose commits add 3 commits, 3 root trees and
 * 3 blobs. */
static void check_repo(const char *args)
{
	char dir[512];
	struct walk w;

	snprintf(dir, sizeof(dir), "%s/r", tmp);
	make_repo(dir, args);
	/* repack really made deltas, and deep ones */
	ck_assert_int_eq(sh("cd %s && git verify-pack -v .git/objects/pack/*.idx |"
			    " grep -q '^chain length = [2-9][0-9]:'", dir), 0);
	read_all(&w, dir, NULL, 1u << 20);
	ck_assert_uint_eq(w.packed, 420);
	ck_assert_uint_eq(w.same, 420);
	ck_assert_uint_eq(w.loose, 9);
	ck_assert_uint_eq(w.errors, 0);
}

START_TEST(offset_deltas)
{
	check_repo("");
}
END_TEST

START_TEST(reference_deltas)
{
	/* without offsets, pack-objects names each base by its id */
	check_repo("-c repack.useDeltaBaseOffset=false");
}
END_TEST

START_TEST(two_packs)
{
	char dir[512];
	struct walk w;

	snprintf(dir, sizeof(dir), "%s/r", tmp);
	make_repo(dir, "");
	/* the loose objects in a second pack, the first one kept */
	ck_assert_int_eq(sh("cd %s && git repack -q -d && ls .git/objects/pack/*.idx | wc -l |"
			    " grep -qx 2", dir), 0);
	read_all(&w, dir, NULL, 1u << 20);
	ck_assert_uint_eq(w.packed, 429);
	ck_assert_uint_eq(w.same, 429);
	ck_assert_uint_eq(w.errors, 0);
}
END_TEST

START_TEST(without_cache)
{
	char dir[512];
	struct walk w;
	size_t sizes[] = { 0, 600, 4096 }, i;

	snprintf(dir, sizeof(dir), "%s/r", tmp);
	make_repo(dir, "");
	for (i = 0; i < sizeof(sizes) / sizeof(*sizes); i++) {
		read_all(&w, dir, NULL, sizes[i]);
		ck_assert_uint_eq(w.packed, 420);
		ck_assert_uint_eq(w.same, 420);
	}
}
END_TEST

START_TEST(no_packs)
{
	char dir[512], objects[600];
	struct walk w;

	snprintf(dir, sizeof(dir), "%s/r", tmp);
	make_repo(dir, "");
	/* an empty folder, and one whose index is not an index */
	snprintf(objects, sizeof(objects), "%s/none", tmp);
	read_all(&w, dir, objects, 1u << 20);
	ck_assert_uint_eq(w.packed, 0);
	ck_assert_uint_eq(w.loose, 429);
	ck_assert_int_eq(sh("mkdir -p %s/bad/pack && cd %s/bad/pack &&"
			    " head -c 5000 /dev/urandom > pack-1.idx &&"
			    " cp pack-1.idx pack-1.pack && printf '\\377tOc' > pack-2.idx &&"
			    " touch pack-2.pack", tmp, tmp), 0);
	snprintf(objects, sizeof(objects), "%s/bad", tmp);
	read_all(&w, dir, objects, 1u << 20);
	ck_assert_uint_eq(w.packed, 0);
	ck_assert_uint_eq(w.loose, 429);
}
END_TEST

/* A copy of the pack with damage: every read either gives the right bytes
 * or an error, and some give errors. */
static void damaged(const char *damage)
{
	char dir[512], objects[600];
	struct walk w;

	snprintf(dir, sizeof(dir), "%s/r", tmp);
	make_repo(dir, "");
	snprintf(objects, sizeof(objects), "%s/copy", tmp);
	ck_assert_int_eq(sh("rm -rf %s && mkdir -p %s/pack && cp %s/.git/objects/pack/* %s/pack/"
			    " && cd %s/pack && p=$(ls *.pack) && %s",
			    objects, objects, dir, objects, objects, damage), 0);
	read_all(&w, dir, objects, 1u << 16);
	ck_assert_uint_eq(w.packed - w.same, 0);
	ck_assert_uint_gt(w.errors + w.loose, 9);
	ck_assert_uint_eq(w.packed + w.errors + w.loose, 429);
}

START_TEST(damaged_bytes)
{
	/* 64 bytes of zeros in the middle, and garbage near the start */
	damaged("size=$(stat -c %s $p) &&"
		" dd if=/dev/zero of=$p bs=1 seek=$((size / 2)) count=64 conv=notrunc 2>/dev/null &&"
		" printf '\\377\\377\\377\\377\\377\\377\\377\\377\\377\\377' |"
		" dd of=$p bs=1 seek=300 conv=notrunc 2>/dev/null");
}
END_TEST

START_TEST(truncated)
{
	/* the pack's object count still says 420, its data stops half way */
	damaged("size=$(stat -c %s $p) && truncate -s $((size / 2)) $p");
}
END_TEST

/* A second reader of the same packs on another thread, reading every
 * object while the first one does too: both give git's bytes. */
struct reader_arg {
	const char *dir;
	struct okr_packs *packs;
	struct walk w;
};

static void *read_with(void *p)
{
	struct reader_arg *a = p;
	git_repository *repo;

	memset(&a->w, 0, sizeof(a->w));
	a->w.packs = a->packs;
	ck_assert_int_eq(git_repository_open(&repo, a->dir), 0);
	ck_assert_int_eq(git_repository_odb(&a->w.odb, repo), 0);
	ck_assert_int_eq(git_odb_foreach(a->w.odb, each, &a->w), 0);
	git_odb_free(a->w.odb);
	git_repository_free(repo);
	return NULL;
}

START_TEST(shared_reader)
{
	char dir[512], path[600];
	struct reader_arg one, two;
	pthread_t t;

	snprintf(dir, sizeof(dir), "%s/r", tmp);
	make_repo(dir, "");
	snprintf(path, sizeof(path), "%s/.git/objects", dir);
	ck_assert_int_eq(okr_packs_open(&one.packs, path, 4096), 0);
	ck_assert_int_eq(okr_packs_share(&two.packs, one.packs, 1u << 20), 0);
	one.dir = two.dir = dir;
	ck_assert_int_eq(pthread_create(&t, NULL, read_with, &two), 0);
	read_with(&one);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	okr_packs_free(two.packs);
	okr_packs_free(one.packs);
	ck_assert_uint_eq(one.w.packed, 420);
	ck_assert_uint_eq(one.w.same, 420);
	ck_assert_uint_eq(two.w.packed, 420);
	ck_assert_uint_eq(two.w.same, 420);
}
END_TEST

static void setup(void)
{
	tmpdir_new(tmp, sizeof(tmp), "pack");
	isolate_git(tmp);
	git_libgit2_init();
}

static void teardown(void)
{
	tmpdir_remove(tmp);
	git_libgit2_shutdown();
}

static Suite *pack_suite(void)
{
	Suite *s = suite_create("pack");
	TCase *tc = tcase_create("read");

	tcase_set_timeout(tc, 120);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, offset_deltas);
	tcase_add_test(tc, reference_deltas);
	tcase_add_test(tc, two_packs);
	tcase_add_test(tc, without_cache);
	tcase_add_test(tc, no_packs);
	tcase_add_test(tc, damaged_bytes);
	tcase_add_test(tc, truncated);
	tcase_add_test(tc, shared_reader);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(pack_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
