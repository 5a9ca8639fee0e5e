/*
 * corpus_main.c: runs a fuzz target over a saved corpus without libFuzzer,
 * so `meson test --suite fuzz` replays every seed and every input that once
 * crashed, with any compiler and under valgrind.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "fuzz.h"

static int run_file(const char *path)
{
	struct okr_buf b = OKR_BUF_INIT;
	char chunk[65536];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		fprintf(stderr, "fuzz: cannot open '%s': %s\n", path, strerror(errno));
		return -1;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		okr_buf_put(&b, chunk, n);
	if (ferror(fp)) {
		fprintf(stderr, "fuzz: cannot read '%s'\n", path);
		fclose(fp);
		okr_buf_free(&b);
		return -1;
	}
	fclose(fp);
	/* a copy of exactly len bytes, so a read past the end shows in
	 * valgrind and ASan as it would under libFuzzer */
	{
		char *exact = okr_xmalloc(b.len ? b.len : 1);

		if (b.len)
			memcpy(exact, b.ptr, b.len);
		LLVMFuzzerTestOneInput((const uint8_t *)exact, b.len);
		free(exact);
	}
	okr_buf_free(&b);
	return 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of dir, in name order so runs are repeatable. */
static int run_dir(const char *dir, size_t *count)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, i;
	int error = 0;

	if (!d) {
		fprintf(stderr, "fuzz: cannot open '%s': %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = okr_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = okr_xprintf("%s/%s", dir, e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		struct stat st;

		if (stat(names[i], &st) == 0 && S_ISREG(st.st_mode)) {
			if (run_file(names[i]) < 0)
				error = -1;
			else
				(*count)++;
		}
		free(names[i]);
	}
	free(names);
	return error;
}

int main(int argc, char **argv)
{
	size_t count = 0;
	int i, error = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <corpus-dir-or-file>...\n", argv[0]);
		return 2;
	}
	for (i = 1; i < argc; i++) {
		struct stat st;

		if (stat(argv[i], &st) < 0) {
			fprintf(stderr, "fuzz: cannot open '%s': %s\n", argv[i], strerror(errno));
			error = -1;
		} else if (S_ISDIR(st.st_mode)) {
			if (run_dir(argv[i], &count) < 0)
				error = -1;
		} else if (run_file(argv[i]) < 0) {
			error = -1;
		} else {
			count++;
		}
	}
	printf("%zu inputs run\n", count);
	if (count == 0)
		return 1;	/* an empty corpus is a broken test, not a pass */
	return error < 0 ? 1 : 0;
}
