/*
 * yaml-parse.c: the floor under `okr check` in run-check.sh: read every
 * *.yaml file below a folder and pull all its events through libyaml's
 * parser, doing nothing else. Exit 1 (naming the file) on a syntax error.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

static size_t nfiles, nevents;
static int nerrors;

static int parse_file(const char *path)
{
	FILE *fp = NULL;
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	yaml_parser_t parser;
	yaml_event_t event;
	int error = 0, done = 0;

	if (!(fp = fopen(path, "rb"))) {
		fprintf(stderr, "yaml-parse: %s: %s\n", path, strerror(errno));
		return -1;
	}
	/* Read the whole file first, as okr does before parsing. */
	do {
		if (len == cap) {
			cap = cap ? cap * 2 : 8192;
			if (!(buf = realloc(buf, cap))) {
				perror("yaml-parse");
				exit(2);
			}
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
	} while (n > 0);
	fclose(fp);

	if (!yaml_parser_initialize(&parser)) {
		free(buf);
		return -1;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &event)) {
			fprintf(stderr, "%s:%zu:%zu: error: %s\n", path,
				parser.problem_mark.line + 1,
				parser.problem_mark.column + 1,
				parser.problem ? parser.problem : "syntax error");
			error = -1;
			break;
		}
		done = event.type == YAML_STREAM_END_EVENT;
		nevents++;
		yaml_event_delete(&event);
	}
	yaml_parser_delete(&parser);
	free(buf);
	return error;
}

static int visit(const char *path, const struct stat *st, int type,
		 struct FTW *ftw)
{
	const char *base = path + ftw->base;
	size_t len = strlen(base);

	(void)st;
	if (type == FTW_D && strcmp(base, ".git") == 0)
		return FTW_SKIP_SUBTREE;
	if (type != FTW_F || len < 5 || strcmp(base + len - 5, ".yaml") != 0)
		return FTW_CONTINUE;
	nfiles++;
	if (parse_file(path) < 0)
		nerrors++;
	return FTW_CONTINUE;
}

int main(int argc, char **argv)
{
	int verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
	const char *root = argc > 1 + verbose ? argv[1 + verbose] : ".";

	if (nftw(root, visit, 32, FTW_PHYS | FTW_ACTIONRETVAL) < 0) {
		fprintf(stderr, "yaml-parse: %s: %s\n", root, strerror(errno));
		return 2;
	}
	if (verbose)
		fprintf(stderr, "yaml-parse: %zu files, %zu events, %d with errors\n",
			nfiles, nevents, nerrors);
	return nerrors ? 1 : 0;
}
