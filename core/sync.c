/*
 * sync.c: okr sync through libgit2: fetch, replay the local commits on the
 * remote branch in memory (nothing on disk changes until the result is
 * known to be clean), check the new tip out, move the branch, push.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "sync.h"

/* What the network callbacks learn, for the messages after a failure. */
struct net {
	const char *url;	/* the URL being authenticated, from libgit2 */
	char *auth_url;		/* set when authentication failed */
	int agent_tries;
	int user_tries;
	char *rejected;		/* first ref status the remote refused */
};

static void net_free(struct net *n)
{
	free(n->auth_url);
	free(n->rejected);
}

/*
 * One try of the SSH agent for ssh URLs, nothing else: okr runs in
 * scripts and CI, so it never prompts. A second call means the agent's
 * keys were refused.
 */
static int credentials(git_credential **out, const char *url,
		       const char *user, unsigned int allowed, void *payload)
{
	struct net *n = payload;

	if ((allowed & GIT_CREDENTIAL_USERNAME) && n->user_tries++ == 0)
		return git_credential_username_new(out, user ? user : "git");
	if ((allowed & GIT_CREDENTIAL_SSH_KEY) && n->agent_tries++ == 0)
		return git_credential_ssh_key_from_agent(out, user ? user : "git");
	free(n->auth_url);
	n->auth_url = okr_xstrdup(url);
	git_error_set_str(GIT_ERROR_NET, "authentication failed");
	return GIT_EAUTH;
}

static int push_update(const char *refname, const char *status, void *payload)
{
	struct net *n = payload;

	(void)refname;
	if (status && !n->rejected) {
		size_t len = strlen(status);

		/* libgit2's local transport may end it in ": " (no errno) */
		while (len > 0 && strchr(" :.\n", status[len - 1]))
			len--;
		n->rejected = okr_xstrndup(status, len);
	}
	return 0;
}

/* libgit2's message for the last failure, without a trailing full stop. */
static const char *why(void)
{
	static char msg[512];
	const git_error *e = git_error_last();
	size_t n;

	snprintf(msg, sizeof(msg), "%s", e && e->message ? e->message : "unknown error");
	n = strlen(msg);
	while (n > 0 && (msg[n - 1] == '.' || msg[n - 1] == '\n'))
		msg[--n] = '\0';
	return msg;
}

/* The first conflicting path of a merge result. */
static char *conflict_path(git_index *idx)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *a, *o, *t;
	char *path = NULL;

	if (git_index_conflict_iterator_new(&it, idx) == 0 &&
	    git_index_conflict_next(&a, &o, &t, it) == 0)
		path = okr_xstrdup(o ? o->path : t ? t->path : a ? a->path : "?");
	git_index_conflict_iterator_free(it);
	return path ? path : okr_xstrdup("?");
}

/*
 * Replay the branch's own commits (first parent, oldest first) on onto,
 * in memory: each commit keeps its author, message and encoding, and gets
 * committer as committer. A commit whose change the remote already has
 * stays, empty: a check-in reported as committed is never dropped.
 */
static int replay(git_oid *out, struct okr_git *g, const git_oid *head,
		  const git_oid *onto, struct okr_buf *err)
{
	git_repository *repo = okr_git_repo(g);
	git_signature *author = NULL, *committer = NULL;
	git_merge_options mopts;
	git_revwalk *walk = NULL;
	git_commit *tip = NULL, *c = NULL;
	git_index *idx = NULL;
	git_tree *tree = NULL;
	git_oid id, tree_id;
	int error;

	git_merge_options_init(&mopts, GIT_MERGE_OPTIONS_VERSION);
	if ((error = okr_git_signatures(&author, &committer, g)) < 0) {
		okr_buf_printf(err, "%s", okr_error_last());
		goto done;
	}
	if ((error = git_revwalk_new(&walk, repo)) < 0 ||
	    (error = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
	    (error = git_revwalk_simplify_first_parent(walk)) < 0 ||
	    (error = git_revwalk_push(walk, head)) < 0 ||
	    (error = git_revwalk_hide(walk, onto)) < 0 ||
	    (error = git_commit_lookup(&tip, repo, onto)) < 0) {
		okr_buf_printf(err, "cannot list the local commits: %s", why());
		goto done;
	}
	while ((error = git_revwalk_next(&id, walk)) == 0) {
		git_commit *next;

		if ((error = git_commit_lookup(&c, repo, &id)) < 0 ||
		    (error = git_cherrypick_commit(&idx, repo, c, tip,
						   git_commit_parentcount(c) > 1 ? 1 : 0,
						   &mopts)) < 0) {
			okr_buf_printf(err, "cannot replay commit %.7s: %s",
				       git_oid_tostr_s(&id), why());
			goto done;
		}
		if (git_index_has_conflicts(idx)) {
			char *path = conflict_path(idx);

			okr_buf_printf(err, "a check-in conflicts with the remote: %s; "
				       "nothing was changed", path);
			free(path);
			error = GIT_ECONFLICT;
			goto done;
		}
		if ((error = git_index_write_tree_to(&tree_id, idx, repo)) < 0 ||
		    (error = git_tree_lookup(&tree, repo, &tree_id)) < 0 ||
		    (error = git_commit_create(&id, repo, NULL, git_commit_author(c),
					       committer, git_commit_message_encoding(c),
					       git_commit_message_raw(c), tree, 1,
					       (const git_commit **)&tip)) < 0 ||
		    (error = git_commit_lookup(&next, repo, &id)) < 0) {
			okr_buf_printf(err, "cannot write the replayed commit: %s", why());
			goto done;
		}
		git_commit_free(tip);
		tip = next;
		git_tree_free(tree);
		tree = NULL;
		git_index_free(idx);
		idx = NULL;
		git_commit_free(c);
		c = NULL;
	}
	if (error != GIT_ITEROVER) {
		okr_buf_printf(err, "cannot list the local commits: %s", why());
		goto done;
	}
	git_oid_cpy(out, git_commit_id(tip));
	error = 0;
done:
	git_signature_free(author);
	git_signature_free(committer);
	git_revwalk_free(walk);
	git_commit_free(tip);
	git_commit_free(c);
	git_index_free(idx);
	git_tree_free(tree);
	return error;
}

static int first_conflict(git_checkout_notify_t why_, const char *path,
			  const git_diff_file *baseline, const git_diff_file *target,
			  const git_diff_file *workdir, void *payload)
{
	char **first = payload;

	(void)why_, (void)baseline, (void)target, (void)workdir;
	if (!*first)
		*first = okr_xstrdup(path);
	return 0;
}

/* Check out to's tree over from's (GIT_CHECKOUT_SAFE: local changes in
 * the way fail it before any file is written). */
static int checkout(git_repository *repo, const git_oid *from, const git_oid *to,
		    struct okr_buf *err)
{
	git_checkout_options opts;
	git_commit *fc = NULL, *tc = NULL;
	git_tree *ft = NULL, *tt = NULL;
	char *path = NULL;
	int error;

	if ((error = git_commit_lookup(&fc, repo, from)) < 0 ||
	    (error = git_commit_lookup(&tc, repo, to)) < 0 ||
	    (error = git_commit_tree(&ft, fc)) < 0 ||
	    (error = git_commit_tree(&tt, tc)) < 0) {
		okr_buf_printf(err, "cannot read the commits to check out: %s", why());
		goto done;
	}
	git_checkout_options_init(&opts, GIT_CHECKOUT_OPTIONS_VERSION);
	opts.checkout_strategy = GIT_CHECKOUT_SAFE;
	opts.baseline = ft;
	opts.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	opts.notify_cb = first_conflict;
	opts.notify_payload = &path;
	if ((error = git_checkout_tree(repo, (git_object *)tt, &opts)) < 0) {
		if (error == GIT_ECONFLICT && path)
			okr_buf_printf(err, "local changes to '%s' would be overwritten "
				       "by the sync; commit or stash them first "
				       "(nothing was changed)", path);
		else
			okr_buf_printf(err, "cannot update the work tree: %s", why());
	}
done:
	free(path);
	git_tree_free(ft);
	git_tree_free(tt);
	git_commit_free(fc);
	git_commit_free(tc);
	return error;
}

/* Work tree, index and branch from one tip to another, all or nothing. */
static int move_branch(git_repository *repo, const char *refname,
		       const git_oid *from, const git_oid *to, struct okr_buf *err)
{
	git_reference *ref = NULL;
	int error;

	if ((error = checkout(repo, from, to, err)) < 0)
		return error;
	error = git_reference_create_matching(&ref, repo, refname, to, 1, from,
					      "okr sync");
	if (error < 0) {
		okr_buf_printf(err, "cannot move '%s': %s", refname, why());
		checkout(repo, to, from, &(struct okr_buf)OKR_BUF_INIT);
	}
	git_reference_free(ref);
	return error;
}

/* The remote-tracking branch and the remote's branch to push to: the
 * configured upstream when it is on this remote, else the same name. */
static void upstream_of(char **tracking, char **dest, git_repository *repo,
			const char *refname, const char *branch, const char *remote)
{
	git_buf cfg_remote = GIT_BUF_INIT, name = GIT_BUF_INIT, merge = GIT_BUF_INIT;

	if (git_branch_upstream_remote(&cfg_remote, repo, refname) == 0 &&
	    strcmp(cfg_remote.ptr, remote) == 0 &&
	    git_branch_upstream_name(&name, repo, refname) == 0 &&
	    git_branch_upstream_merge(&merge, repo, refname) == 0) {
		*tracking = okr_xstrdup(name.ptr);
		*dest = okr_xstrdup(merge.ptr);
	} else {
		*tracking = okr_xprintf("refs/remotes/%s/%s", remote, branch);
		*dest = okr_xprintf("refs/heads/%s", branch);
	}
	git_buf_dispose(&cfg_remote);
	git_buf_dispose(&name);
	git_buf_dispose(&merge);
}

static void net_error(struct okr_buf *err, struct net *n, const char *what,
		      const char *remote)
{
	if (n->auth_url)
		okr_buf_printf(err, "authentication failed for '%s'; check your "
			       "credentials or SSH agent, then run okr sync again",
			       n->auth_url);
	else
		okr_buf_printf(err, "cannot %s '%s': %s", what, remote, why());
}

static size_t count_commits(git_repository *repo, const git_oid *head)
{
	git_revwalk *walk = NULL;
	git_oid id;
	size_t n = 0;

	if (git_revwalk_new(&walk, repo) == 0 && git_revwalk_push(walk, head) == 0)
		while (git_revwalk_next(&id, walk) == 0)
			n++;
	git_revwalk_free(walk);
	return n;
}

int okr_sync_run(struct okr_sync_result *out, struct okr_git *g,
		 const char *remote_name, struct okr_buf *err)
{
	git_repository *repo = okr_git_repo(g);
	git_fetch_options fopts;
	git_push_options popts;
	git_reference *head = NULL;
	git_remote *remote = NULL;
	struct net net = { 0 };
	char *tracking = NULL, *dest = NULL, *spec = NULL;
	const char *refname, *branch;
	git_oid old, theirs, tip;
	size_t ahead = 0, behind = 0;
	int error;

	memset(out, 0, sizeof(*out));
	git_fetch_options_init(&fopts, GIT_FETCH_OPTIONS_VERSION);
	git_push_options_init(&popts, GIT_PUSH_OPTIONS_VERSION);
	if (!remote_name)
		remote_name = "origin";
	if (git_repository_head_detached(repo) == 1) {
		okr_buf_puts(err, "HEAD is detached: okr sync syncs a branch; "
			     "switch to one first (git switch <branch>)");
		error = -1;
		goto done;
	}
	if ((error = git_repository_head(&head, repo)) < 0) {
		if (error == GIT_EUNBORNBRANCH)
			okr_buf_puts(err, "the current branch has no commits yet: "
				     "nothing to sync");
		else
			okr_buf_printf(err, "cannot read HEAD: %s", why());
		goto done;
	}
	refname = git_reference_name(head);
	branch = git_reference_shorthand(head);
	git_oid_cpy(&old, git_reference_target(head));

	if ((error = git_remote_lookup(&remote, repo, remote_name)) < 0) {
		if (error == GIT_ENOTFOUND || error == GIT_EINVALIDSPEC)
			okr_buf_printf(err, "'%s' is not a remote of this repository "
				       "(see git remote -v)", remote_name);
		else
			okr_buf_printf(err, "cannot read remote '%s': %s", remote_name, why());
		goto done;
	}
	fopts.callbacks.credentials = credentials;
	fopts.callbacks.payload = &net;
	if ((error = git_remote_fetch(remote, NULL, &fopts, "okr sync: fetch")) < 0) {
		net_error(err, &net, "fetch from", remote_name);
		goto done;
	}

	upstream_of(&tracking, &dest, repo, refname, branch, remote_name);
	out->upstream = okr_xprintf("%s/%s", remote_name,
				    strncmp(dest, "refs/heads/", 11) == 0 ? dest + 11 : dest);
	error = git_reference_name_to_id(&theirs, repo, tracking);
	if (error == GIT_ENOTFOUND) {
		/* a new remote branch: everything is ours to push */
		ahead = count_commits(repo, &old);
	} else if (error < 0) {
		okr_buf_printf(err, "cannot read '%s': %s", tracking, why());
		goto done;
	} else if ((error = git_graph_ahead_behind(&ahead, &behind, repo, &old, &theirs)) < 0) {
		okr_buf_printf(err, "cannot compare with '%s': %s", out->upstream, why());
		goto done;
	}

	git_oid_cpy(&tip, &old);
	if (behind && !ahead)
		git_oid_cpy(&tip, &theirs);
	else if (behind && (error = replay(&tip, g, &old, &theirs, err)) < 0)
		goto done;
	if (!git_oid_equal(&tip, &old) &&
	    (error = move_branch(repo, refname, &old, &tip, err)) < 0)
		goto done;

	if (ahead) {
		git_strarray specs = { &spec, 1 };

		spec = okr_xprintf("%s:%s", refname, dest);
		popts.callbacks.credentials = credentials;
		popts.callbacks.push_update_reference = push_update;
		popts.callbacks.payload = &net;
		net.user_tries = net.agent_tries = 0;
		error = git_remote_push(remote, &specs, &popts);
		if (error == 0 && net.rejected) {
			okr_buf_printf(err, "the remote rejected the push (%s); nothing "
				       "was changed: run okr sync again, or ask who "
				       "looks after '%s'", net.rejected, remote_name);
			error = -1;
		} else if (error == GIT_ENONFASTFORWARD) {
			okr_buf_printf(err, "'%s' moved while syncing; nothing was "
				       "changed: run okr sync again", out->upstream);
		} else if (error < 0) {
			net_error(err, &net, "push to", remote_name);
			okr_buf_puts(err, "; nothing was changed: run okr sync again");
		}
		if (error < 0) {
			struct okr_buf ignore = OKR_BUF_INIT;

			/* the remote did not take it: the branch goes back */
			if (!git_oid_equal(&tip, &old) &&
			    move_branch(repo, refname, &tip, &old, &ignore) < 0)
				okr_buf_printf(err, " (and putting '%s' back failed: %s)",
					       branch, ignore.ptr);
			okr_buf_free(&ignore);
			goto done;
		}
	}
	out->pulled = behind;
	out->pushed = ahead;
	error = 0;
done:
	net_free(&net);
	free(tracking);
	free(dest);
	free(spec);
	git_remote_free(remote);
	git_reference_free(head);
	return error < 0 ? error : 0;
}

void okr_sync_result_free(struct okr_sync_result *r)
{
	if (!r)
		return;
	free(r->upstream);
	r->upstream = NULL;
}
