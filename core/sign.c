/*
 * sign.c: commit signatures made by gpg, gpgsm or ssh-keygen, with the
 * arguments git passes them (sign.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "fsutil.h"
#include "proc.h"
#include "sign.h"

/* A string value of the configuration, or NULL; the caller frees it. */
static char *config_str(git_config *cfg, const char *key)
{
	git_buf b = GIT_BUF_INIT;
	char *s = NULL;

	if (git_config_get_string_buf(&b, cfg, key) == 0 && b.size)
		s = okr_xstrdup(b.ptr);
	git_error_clear();
	git_buf_dispose(&b);
	return s;
}

/* What the signer said on stderr, minus gpg's status lines, to stderr. */
static void show_stderr(const struct okr_buf *err)
{
	const char *p = err->ptr ? err->ptr : "";

	while (*p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);

		if (strncmp(p, "[GNUPG:] ", 9) != 0)
			fprintf(stderr, "%.*s\n", (int)n, p);
		p += n + (eol != NULL);
	}
}

/* gpg or gpgsm: `<program> --status-fd=2 -bsau <key>`, the commit on stdin. */
static int sign_gpg(char **sig, const char *program, const char *key,
		    const char *buf, size_t len)
{
	struct okr_buf out = OKR_BUF_INIT, err = OKR_BUF_INIT;
	const char *argv[] = { program, "--status-fd=2", "-bsau", key, NULL };
	struct okr_proc p = { .argv = argv, .in = buf, .inlen = len,
			      .out = &out, .err = &err };
	const char *e;
	int status, error = -1;

	okr_buf_puts(&out, "");
	okr_buf_puts(&err, "");
	if (okr_proc_run(&p, &status) < 0) {
		char *why = okr_xstrdup(okr_error_last());

		okr_error_set("cannot sign the commit: %s (gpg.program)", why);
		free(why);
		goto done;
	}
	e = err.ptr;
	if (status != 0 || !out.len ||
	    !(strncmp(e, "[GNUPG:] SIG_CREATED ", 21) == 0 ||
	      strstr(e, "\n[GNUPG:] SIG_CREATED "))) {
		show_stderr(&err);
		okr_error_set("cannot sign the commit: %s failed to sign the data",
			      program);
		goto done;
	}
	*sig = okr_buf_detach(&out);
	error = 0;
done:
	okr_buf_free(&out);
	okr_buf_free(&err);
	return error;
}

/* ssh: `ssh-keygen -Y sign -n git -f <key> <file>` writes <file>.sig. A
 * literal key ("key::ssh-..." or "ssh-...") is a public key whose private
 * half is in the ssh agent (-U), as in git. */
static int sign_ssh(char **sig, const char *program, const char *key,
		    const char *buf, size_t len)
{
	struct okr_buf err = OKR_BUF_INIT;
	const char *tmpdir = getenv("TMPDIR");
	char *data = NULL, *sigfile = NULL, *keyfile = NULL, *expanded = NULL;
	const char *literal = NULL;
	bool agent = false;
	int status, fd, error = -1;

	if (!tmpdir || !*tmpdir)
		tmpdir = "/tmp";
	if (strncmp(key, "key::", 5) == 0)
		literal = key + 5;
	else if (strncmp(key, "ssh-", 4) == 0)
		literal = key;
	if (literal) {
		keyfile = okr_xprintf("%s/.git_signing_key_tmpXXXXXX", tmpdir);
		if ((fd = mkostemp(keyfile, O_CLOEXEC)) < 0 ||
		    write(fd, literal, strlen(literal)) < 0 || close(fd) < 0) {
			okr_error_set("cannot sign the commit: cannot write '%s': %s",
				      keyfile, strerror(errno));
			goto done;
		}
		agent = true;
	} else if (key[0] == '~' && key[1] == '/' && getenv("HOME")) {
		expanded = okr_xprintf("%s%s", getenv("HOME"), key + 1);
	}
	data = okr_xprintf("%s/.git_signing_buffer_tmpXXXXXX", tmpdir);
	if ((fd = mkostemp(data, O_CLOEXEC)) < 0) {
		free(data);
		data = NULL;
		okr_error_set("cannot sign the commit: cannot create a temporary file in '%s': %s",
			      tmpdir, strerror(errno));
		goto done;
	}
	close(fd);
	if (okr_file_write_atomic(data, buf, len) < 0) {
		okr_error_set("cannot sign the commit: cannot write '%s': %s", data,
			      strerror(errno));
		goto done;
	}
	sigfile = okr_xprintf("%s.sig", data);
	{
		const char *k = keyfile ? keyfile : expanded ? expanded : key;
		const char *argv[] = { program, "-Y", "sign", "-n", "git", "-f", k,
				       agent ? "-U" : data, agent ? data : NULL, NULL };
		struct okr_proc p = { .argv = argv, .err = &err };

		okr_buf_puts(&err, "");
		if (okr_proc_run(&p, &status) < 0) {
			char *why = okr_xstrdup(okr_error_last());

			okr_error_set("cannot sign the commit: %s (gpg.ssh.program)", why);
			free(why);
			goto done;
		}
	}
	if (status != 0 || okr_file_read(sig, NULL, sigfile, 1 << 20) < 0) {
		if (strstr(err.ptr, "usage:"))
			okr_error_set("cannot sign the commit: ssh-keygen -Y sign is needed "
				      "for ssh signing (available in openssh version 8.2p1+)");
		else
			okr_error_set("cannot sign the commit with '%s': %s failed%s%.*s",
				      key, program, err.len ? ": " : "",
				      (int)strcspn(err.ptr, "\n"), err.ptr);
		goto done;
	}
	error = 0;
done:
	if (data)
		unlink(data);
	if (sigfile)
		unlink(sigfile);
	if (keyfile)
		unlink(keyfile);
	free(data);
	free(sigfile);
	free(keyfile);
	free(expanded);
	okr_buf_free(&err);
	return error;
}

int okr_sign_commit(char **sig, git_repository *repo,
		    const git_signature *committer, const char *buf, size_t len)
{
	git_config *cfg = NULL;
	char *format = NULL, *program = NULL, *key = NULL;
	int on = 0, error;

	*sig = NULL;
	if ((error = git_repository_config_snapshot(&cfg, repo)) < 0)
		return okr_error_set_git(error, "cannot read the git configuration");
	if (git_config_get_bool(&on, cfg, "commit.gpgsign") < 0) {
		git_error_clear();
		on = 0;
	}
	error = 0;
	if (!on)
		goto done;
	format = config_str(cfg, "gpg.format");
	if (!format)
		format = okr_xprintf("%s", "openpgp");
	if (strcmp(format, "openpgp") && strcmp(format, "x509") && strcmp(format, "ssh")) {
		error = okr_error_set("cannot sign the commit: unsupported value for "
				      "gpg.format: %s", format);
		goto done;
	}
	{
		char *k = okr_xprintf("gpg.%s.program", format ? format : "");

		program = config_str(cfg, k);
		free(k);
	}
	if (!program && !strcmp(format, "openpgp"))
		program = config_str(cfg, "gpg.program");
	if (!program)
		program = okr_xstrdup(!strcmp(format, "openpgp") ? "gpg"
				      : !strcmp(format, "x509") ? "gpgsm" : "ssh-keygen");
	key = config_str(cfg, "user.signingkey");
	if (!strcmp(format, "ssh")) {
		if (!key) {
			error = okr_error_set("cannot sign the commit: gpg.format is ssh "
					      "but user.signingkey is not set");
			goto done;
		}
		error = sign_ssh(sig, program, key, buf, len);
	} else {
		if (!key)	/* git: the committer's identity */
			key = okr_xprintf("%s <%s>", committer->name, committer->email);
		error = sign_gpg(sig, program, key, buf, len);
	}
done:
	free(format);
	free(program);
	free(key);
	git_config_free(cfg);
	return error;
}
