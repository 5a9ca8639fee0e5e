/*
 * markdown.c: the Markdown pieces the report and the agenda share: escaping
 * text from the files so it can never break a table or inject HTML, people
 * and dates as they are shown, the header lines, and the stale and overdue
 * tables of the follow-up.
 */
#include <stdlib.h>
#include <string.h>

#include "markdown.h"
#include "number.h"
#include "render.h"
#include "safetext.h"

const char *
okr_md_kr_title(const struct okr_kr *kr)
{
	return kr->title ? kr->title : kr->id;
}

void
okr_md_escape(struct okr_buf *out, const char *text)
{
	struct okr_buf clean = OKR_BUF_INIT;
	const char *s = text ? text : "";
	size_t len = strlen(s);
	const unsigned char *p, *q;
	bool space = false;

	/* controls and bidi overrides go first (line breaks and tabs stay
	 * for the loop below to fold into one space), then Markdown's */
	if (okr_safetext_span(s, len, OKR_SAFETEXT_LINES) < len) {
		okr_safetext_put(&clean, s, len, OKR_SAFETEXT_LINES);
		s = clean.ptr;
	}
	p = (const unsigned char *)s;

	/* What would start a block at the beginning of a line or list item:
	 * "-", "+", "=", "#" and "1." / "1)". Elsewhere "#" is text, and "!"
	 * cannot start an image once "[" is escaped. */
	if (*p == '-' || *p == '+' || *p == '=' || *p == '#')
		okr_buf_putc(out, '\\');
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	for (; *p; p++) {
		if (*p == '\n' || *p == '\r' || *p == '\t' || *p < 0x20 || *p == 0x7f) {
			space = true;
			continue;
		}
		if (space && out->len && out->ptr[out->len - 1] != ' ')
			okr_buf_putc(out, ' ');
		space = false;
		switch (*p) {
		case '<':
			okr_buf_puts(out, "&lt;");
			break;
		case '>':
			okr_buf_puts(out, "&gt;");
			break;
		case '&':
			okr_buf_puts(out, "&amp;");
			break;
		case '.':
		case ')':
			/* "1." is a list marker only before a space or the end */
			if (q > (const unsigned char *)s && p == q &&
			    (p[1] == ' ' || p[1] == '\t' || p[1] == '\0'))
				okr_buf_putc(out, '\\');
			okr_buf_putc(out, (char)*p);
			break;
		case '|': case '\\': case '`': case '*': case '_': case '[':
		case ']': case '~':
			okr_buf_putc(out, '\\');
			okr_buf_putc(out, (char)*p);
			break;
		default:
			okr_buf_putc(out, (char)*p);
		}
	}
	if (!out->ptr)
		okr_buf_puts(out, "");
	okr_buf_free(&clean);
}

void
okr_md_person(struct okr_buf *out, const struct okr_config *cfg, const char *who)
{
	char *name;

	if (!who) {
		okr_buf_puts(out, "—");
		return;
	}
	name = okr_owner_display(cfg, who);
	okr_md_escape(out, name);
	free(name);
}


void
okr_md_date(struct okr_buf *out, okr_date d)
{
	char tmp[16];

	okr_buf_puts(out, okr_date_format(tmp, d));
}

/* A key result's value in its kind's words. */
void
okr_md_header_lines(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "Ambassadors: ");
	for (i = 0; i < r->cfg->nambassadors; i++) {
		if (i)
			okr_buf_puts(out, ", ");
		okr_md_escape(out, r->cfg->ambassadors[i]);
	}
	if (!r->cfg->nambassadors)
		okr_buf_puts(out, "none named");
	okr_buf_puts(out, "\n");
	if (r->shallow) {
		okr_buf_puts(out, "\n> History starts at ");
		okr_md_date(out, r->history_from);
		okr_buf_puts(out, " (shallow clone); figures before it are missing.\n");
	}
}

void
okr_md_stale_table(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "| Owner | Key result | Last check-in | Days |\n"
			  "|---|---|---|---:|\n");
	for (i = 0; i < r->nstale; i++) {
		const struct okr_report_kr *k = &r->krs[r->stale[i]];

		okr_buf_puts(out, "| ");
		okr_md_person(out, r->cfg, k->kr->owner);
		okr_buf_puts(out, " | ");
		okr_md_escape(out, okr_md_kr_title(k->kr));
		okr_buf_puts(out, " (");
		okr_md_escape(out, k->ref);
		okr_buf_puts(out, ") | ");
		if (!k->has_last)
			okr_buf_puts(out, "none since ");
		okr_md_date(out, k->last);
		okr_buf_printf(out, " | %d |\n", r->as_of - k->last);
	}
}

void
okr_md_overdue_table(struct okr_buf *out, const struct okr_report *r)
{
	size_t i;

	okr_buf_puts(out, "| Due | Owner | Milestone | Of |\n|---|---|---|---|\n");
	for (i = 0; i < r->noverdue; i++) {
		const struct okr_report_overdue *o = &r->overdue[i];

		okr_buf_puts(out, "| ");
		okr_md_date(out, o->due);
		okr_buf_puts(out, " | ");
		okr_md_person(out, r->cfg, o->owner);
		okr_buf_puts(out, " | ");
		if (o->title)
			okr_md_escape(out, o->title);
		else
			okr_buf_puts(out, "(due date)");
		okr_buf_puts(out, " | ");
		okr_md_escape(out, o->ref);
		okr_buf_puts(out, " |\n");
	}
}

