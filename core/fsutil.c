/*
 * fsutil.c: whole-file reads with a size limit and atomic replacement
 * (temporary file, fsync, rename, fsync of the folder), optionally keeping
 * the old file so that undoing the replacement needs no free space.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "fsutil.h"

int okr_file_read(char **out, size_t *outlen, const char *path, size_t max)
{
	struct stat st;
	char *data = NULL;
	size_t len = 0, cap;
	int fd, saved, error = -1;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		goto done;
	if (S_ISDIR(st.st_mode)) {
		errno = EISDIR;
		goto done;
	}
	if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > max) {
		errno = EFBIG;
		goto done;
	}
	/* The size is only a hint: the file may grow while we read it. */
	cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096;
	if (cap > max + 1)
		cap = max + 1;
	data = okr_xmalloc(cap + 1);
	for (;;) {
		ssize_t n;

		if (len == cap) {
			if (len > max) {
				errno = EFBIG;
				goto done;
			}
			cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
			data = okr_xrealloc(data, cap + 1);
		}
		n = read(fd, data + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto done;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > max) {
		errno = EFBIG;
		goto done;
	}
	data[len] = '\0';
	*out = data;
	if (outlen)
		*outlen = len;
	data = NULL;
	error = 0;
done:
	saved = errno;
	free(data);
	close(fd);
	errno = saved;
	return error;
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

static mode_t current_umask(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

/* Best effort where the file system cannot sync a folder (EINVAL). */
static int sync_dir(const char *dir)
{
	int fd, error = 0;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return -1;
	if (fsync(fd) < 0 && errno != EINVAL)
		error = -1;
	close(fd);
	return error;
}

/* A temporary file beside path with len bytes of buf and the mode of the
 * file it will replace; *tmp is its name (freed by the caller). The
 * existing path, if any, must be a regular file: *existed says. */
static int write_temp(char **tmp, bool *existed, const char *dir,
		      const char *path, const char *buf, size_t len, bool fixed)
{
	const char *slash = strrchr(path, '/');
	struct stat st;
	mode_t mode;
	int fd, saved;

	*tmp = NULL;
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
			return -1;
		}
		mode = st.st_mode & 07777;
		*existed = true;
	} else if (errno == ENOENT) {
		mode = 0666 & ~current_umask();
		*existed = false;
	} else {
		return -1;
	}

	/* A leading dot and a random suffix: a crash leaves no file that
	 * looks like an objective (*.yaml) to okr or to the user. */
	if (fixed) {	/* the caller serialises writers (okr.lock) */
		*tmp = okr_temp_name(path);
		fd = open(*tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
	} else {
		*tmp = okr_xprintf("%s/.%s.XXXXXX", dir, slash ? slash + 1 : path);
		fd = mkostemp(*tmp, O_CLOEXEC);
	}
	if (fd < 0)
		goto fail_nofile;
	if (write_all(fd, buf, len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0) {
		saved = errno;
		close(fd);
		errno = saved;
		goto fail;
	}
	if (close(fd) < 0)
		goto fail;
	return 0;
fail:
	saved = errno;
	unlink(*tmp);
	errno = saved;
fail_nofile:
	free(*tmp);
	*tmp = NULL;
	return -1;
}

char *okr_temp_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return okr_xprintf(".%s.okr-new", path);
	return okr_xprintf("%.*s/.%s.okr-new", (int)(slash - path), path, slash + 1);
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash)
		return okr_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	return okr_xstrdup(".");
}

int okr_file_write_atomic(const char *path, const char *buf, size_t len)
{
	char *dir = dir_of(path), *tmp = NULL;
	bool existed;
	int saved, error = -1;

	if (write_temp(&tmp, &existed, dir, path, buf, len, false) < 0)
		goto done;
	if (rename(tmp, path) < 0) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		goto done;
	}
	error = sync_dir(dir);
done:
	saved = errno;
	free(tmp);
	free(dir);
	errno = saved;
	return error;
}

int okr_file_replace_keep(bool *existed, const char *path, const char *backup,
			  const char *buf, size_t len)
{
	char *dir = dir_of(path), *tmp = NULL;
	int saved, error = -1;

	if (write_temp(&tmp, existed, dir, path, buf, len, true) < 0)
		goto done;
	/* The old file keeps its blocks under a second name: putting it
	 * back is a rename, which needs no free space. */
	if (*existed) {
		if (unlink(backup) < 0 && errno != ENOENT)
			goto fail;
		if (link(path, backup) < 0)
			goto fail;
	}
	if (rename(tmp, path) < 0) {
		saved = errno;
		if (*existed)
			unlink(backup);
		errno = saved;
		goto fail;
	}
	error = sync_dir(dir);
	goto done;
fail:
	saved = errno;
	unlink(tmp);
	errno = saved;
done:
	saved = errno;
	free(tmp);
	free(dir);
	errno = saved;
	return error;
}

int okr_file_restore(const char *path, const char *backup, bool existed)
{
	char *dir = dir_of(path);
	int error;

	error = existed ? rename(backup, path) : unlink(path);
	if (error == 0)
		sync_dir(dir);
	free(dir);
	return error;
}
