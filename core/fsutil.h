/*
 * fsutil.h: reading a whole file with a size limit, and replacing a file
 * atomically (a crash or a full disk leaves either the old or the new
 * content, never a mix).
 */
#ifndef OKR_FSUTIL_H
#define OKR_FSUTIL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Read the whole file at path into *out (NUL-terminated, the caller frees it;
 * *outlen excludes the NUL; outlen may be NULL). A file larger than max
 * bytes is refused with errno EFBIG, so a hostile file cannot take unbounded
 * memory. Returns 0, or -1 with errno set and *out untouched.
 */
int okr_file_read(char **out, size_t *outlen, const char *path, size_t max);

/*
 * Replace path with len bytes of buf: write a temporary file in the same
 * folder, fsync it, give it the mode of the file it replaces (0666 & ~umask
 * for a new file), rename it over path and fsync the folder. An existing
 * path that is not a regular file (a symbolic link, a directory) is refused
 * with errno EINVAL / EISDIR rather than silently replaced. On failure the
 * temporary file is removed, the old file is untouched and -1 is returned
 * with errno set.
 */
int okr_file_write_atomic(const char *path, const char *buf, size_t len);

/*
 * okr_file_write_atomic, undoably (the caller holds a lock: the temporary
 * file has a fixed name, okr_temp_name): before the new file is renamed over
 * path, the old one (*existed) is hard-linked to backup (same file system;
 * a stale backup is replaced). okr_file_restore then puts the old file back
 * with a rename (or removes path when there was none), which needs no free
 * space; on success the caller unlinks backup. On failure nothing changed.
 */
int okr_file_replace_keep(bool *existed, const char *path, const char *backup,
			  const char *buf, size_t len);
int okr_file_restore(const char *path, const char *backup, bool existed);

/* The temporary file okr_file_replace_keep writes before the rename:
 * "<dir>/.<name>.okr-new" (fixed, so a killed writer's is found again). */
char *okr_temp_name(const char *path);

#endif
