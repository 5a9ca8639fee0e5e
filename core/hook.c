/*
 * hook.c: finding and running git's commit hooks (hook.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "fsutil.h"
#include "hook.h"
#include "proc.h"

/* The hook's path if the repository has that hook, else NULL. */
static char *hook_path(git_repository *repo, const char *name)
{
	git_config *cfg = NULL;
	git_buf dir = GIT_BUF_INIT;
	const char *top = git_repository_workdir(repo);
	char *path = NULL;

	if (git_repository_config_snapshot(&cfg, repo) == 0 &&
	    git_config_get_path(&dir, cfg, "core.hooksPath") == 0 && dir.size) {
		/* relative to where hooks run: the top of the work tree */
		path = dir.ptr[0] == '/' || !top
			       ? okr_xprintf("%s/%s", dir.ptr, name)
			       : okr_xprintf("%s%s/%s", top, dir.ptr, name);
	} else {
		git_error_clear();
		path = okr_xprintf("%shooks/%s", git_repository_commondir(repo), name);
	}
	git_buf_dispose(&dir);
	git_config_free(cfg);
	if (access(path, F_OK) < 0) {
		free(path);
		return NULL;
	}
	if (access(path, X_OK) < 0) {
		/* git's advice.ignoredHook */
		fprintf(stderr, "hint: The '%s' hook was ignored because it's not set "
			"as executable.\n", path);
		free(path);
		return NULL;
	}
	return path;
}

int okr_hook_run(git_repository *repo, const char *name, const char *index,
		 const char *arg)
{
	char *path = hook_path(repo, name), *env_index, *env_dir;
	const char *top = git_repository_workdir(repo);
	int status, error = 0;

	if (!path)
		return 0;
	env_index = index ? okr_xprintf("GIT_INDEX_FILE=%s", index)
			  : okr_xprintf("GIT_INDEX_FILE=%sindex",
					git_repository_path(repo));
	env_dir = okr_xprintf("GIT_DIR=%s", git_repository_path(repo));
	{
		const char *argv[] = { path, arg, NULL };
		const char *env[] = { env_index, env_dir, "GIT_EDITOR=:", NULL };
		struct okr_proc p = { .argv = argv, .env = env, .cwd = top };

		fflush(stdout);
		if (okr_proc_run(&p, &status) < 0)
			error = -1;
		else if (status != 0)
			error = okr_error_set("the %s hook '%s' failed (exit %d)", name,
					      path, status);
	}
	free(env_index);
	free(env_dir);
	free(path);
	return error;
}

int okr_hook_commit_msg(git_buf *msg, git_repository *repo, const char *index)
{
	char *file = okr_xprintf("%sCOMMIT_EDITMSG", git_repository_path(repo));
	char *text = NULL, *path = hook_path(repo, "commit-msg");
	size_t len;
	int error = 0;

	if (!path)
		goto done;
	if (okr_file_write_atomic(file, msg->ptr, msg->size) < 0) {
		error = okr_error_set("cannot write '%s': %s", file, strerror(errno));
		goto done;
	}
	if ((error = okr_hook_run(repo, "commit-msg", index, file)) < 0)
		goto done;
	if (okr_file_read(&text, &len, file, 1 << 20) < 0) {
		error = okr_error_set("cannot read '%s' after the commit-msg hook: %s",
				      file, strerror(errno));
		goto done;
	}
	git_buf_dispose(msg);
	if ((error = git_message_prettify(msg, text, 0, '#')) < 0) {
		okr_error_set_git(error, "cannot read the commit message");
		goto done;
	}
	if (msg->size == 0)
		error = okr_error_set("the commit-msg hook left an empty commit message");
done:
	free(text);
	free(path);
	free(file);
	return error;
}
