/*
 * markdown.h: the Markdown pieces the report (report_md.c) and the agenda
 * (agenda.c) share: escaping, people, dates, the header lines and the
 * follow-up tables.
 */
#ifndef OKR_MARKDOWN_H
#define OKR_MARKDOWN_H

#include "buf.h"
#include "report.h"

/* Append s escaped for a Markdown table cell or paragraph: no character of
 * it can end a cell, start markup or survive as HTML. */
void okr_md_escape(struct okr_buf *out, const char *s);

/* An owner as people recognise it (okr_owner_display: "Name" of "Name
 * <email>", "Platform (Ola Nordmann)" for a team key); "—" for none.
 * Escaped. */
void okr_md_person(struct okr_buf *out, const struct okr_config *cfg, const char *who);

void okr_md_date(struct okr_buf *out, okr_date d);

/* A key result's title, else its id. */
const char *okr_md_kr_title(const struct okr_kr *kr);

/* "Ambassadors: ..." and, for a shallow clone, where history starts. */
void okr_md_header_lines(struct okr_buf *out, const struct okr_report *r);

/* The stale key results by owner, and the overdue milestones by due date. */
void okr_md_stale_table(struct okr_buf *out, const struct okr_report *r);
void okr_md_overdue_table(struct okr_buf *out, const struct okr_report *r);

#endif
