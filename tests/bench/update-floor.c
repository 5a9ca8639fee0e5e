/*
 * update-floor.c: the least libgit2 does to commit one changed file, the
 * floor under `okr update` (run-update.sh times it): start, open the
 * repository, read the index, write the file and its blob, update one
 * path of HEAD's tree (git_tree_create_updated), commit, move the branch,
 * write the index. No lock, journal, hook, validation or read-back.
 *
 * usage: update-floor REPO PATH < new-bytes
 */
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(x) do { if ((x) < 0) { const git_error *e_ = git_error_last(); \
	fprintf(stderr, "update-floor: %s: %s\n", #x, e_ ? e_->message : "?"); \
	return 1; } } while (0)

int main(int argc, char **argv)
{
	git_repository *repo;
	git_index *idx;
	git_oid blob, tree_id, head_id, commit_id;
	git_commit *head;
	git_tree *base, *tree;
	git_signature *sig;
	git_tree_update upd;
	static char buf[1 << 20];
	char path[4096];
	size_t len;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: update-floor REPO PATH < new-bytes\n");
		return 2;
	}
	len = fread(buf, 1, sizeof(buf), stdin);
	git_libgit2_init();
	CHECK(git_repository_open(&repo, argv[1]));
	CHECK(git_repository_index(&idx, repo));	/* reads it */
	snprintf(path, sizeof(path), "%s/%s", argv[1], argv[2]);
	if (!(f = fopen(path, "wb")) || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		return 1;
	}
	CHECK(git_blob_create_from_buffer(&blob, repo, buf, len));
	CHECK(git_index_add_bypath(idx, argv[2]));
	CHECK(git_reference_name_to_id(&head_id, repo, "HEAD"));
	CHECK(git_commit_lookup(&head, repo, &head_id));
	CHECK(git_commit_tree(&base, head));
	memset(&upd, 0, sizeof(upd));
	upd.action = GIT_TREE_UPDATE_UPSERT;
	upd.id = blob;
	upd.filemode = GIT_FILEMODE_BLOB;
	upd.path = argv[2];
	CHECK(git_tree_create_updated(&tree_id, repo, base, 1, &upd));
	CHECK(git_tree_lookup(&tree, repo, &tree_id));
	CHECK(git_signature_now(&sig, "update-floor", "floor@example.com"));
	CHECK(git_commit_create(&commit_id, repo, "HEAD", sig, sig, NULL,
				"update-floor\n", tree, 1, (const git_commit **)&head));
	CHECK(git_index_write(idx));
	git_signature_free(sig);
	git_tree_free(tree);
	git_tree_free(base);
	git_commit_free(head);
	git_index_free(idx);
	git_repository_free(repo);
	git_libgit2_shutdown();
	return 0;
}
