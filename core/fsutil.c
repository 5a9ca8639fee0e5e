/*
 * fsutil.c: whole-file reads with a size limit and atomic replacement
 * (temporary file, fsync, rename, fsync of the folder).
 */
#include <errno.h>
#include <fcntl.h>
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

int okr_file_write_atomic(const char *path, const char *buf, size_t len)
{
	const char *slash = strrchr(path, '/');
	char *dir, *tmp = NULL;
	struct stat st;
	mode_t mode;
	int fd = -1, saved, error = -1;

	if (slash)
		dir = okr_xstrndup(path, slash == path ? 1 : (size_t)(slash - path));
	else
		dir = okr_xstrdup(".");

	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode)) {
			errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
			goto done;
		}
		mode = st.st_mode & 07777;
	} else if (errno == ENOENT) {
		mode = 0666 & ~current_umask();
	} else {
		goto done;
	}

	/* A leading dot and a random suffix: a crash leaves no file that
	 * looks like an objective (*.yaml) to okr or to the user. */
	tmp = okr_xprintf("%s/.%s.XXXXXX", dir, slash ? slash + 1 : path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		free(tmp);
		tmp = NULL;
		goto done;
	}
	if (write_all(fd, buf, len) < 0 || fchmod(fd, mode) < 0 ||
	    fsync(fd) < 0)
		goto done;
	if (close(fd) < 0) {
		fd = -1;
		goto done;
	}
	fd = -1;
	if (rename(tmp, path) < 0)
		goto done;
	free(tmp);
	tmp = NULL;
	error = sync_dir(dir);
done:
	saved = errno;
	if (fd >= 0)
		close(fd);
	if (tmp) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	errno = saved;
	return error;
}
