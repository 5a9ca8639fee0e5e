/*
 * fuzz_trailer.c: libFuzzer target for what a history walk reads from a
 * commit it did not write: the raw commit object (headers, signatures, an
 * "encoding" header converted to UTF-8; rawobj.h) and okr's trailers in its
 * message (trailer.h). The input is a commit object's bytes; its message,
 * and the whole input as a message too, go through the trailer parser.
 * Every span must stay inside the bytes it came from.
 */
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "rawobj.h"
#include "trailer.h"

static bool
inside(struct okr_span s, const char *p, size_t n)
{
	return s.n == 0 || (s.p >= p && s.p + s.n <= p + n);
}

/* Neither a trailer value nor the subject holds a line break; a value is
 * trimmed of blanks, the subject only at its start (the message is). */
static void
check_line(struct okr_span s, const char *p, size_t n, bool trimmed)
{
	CHECK(inside(s, p, n));
	CHECK(!s.n || !memchr(s.p, '\n', s.n));
	CHECK(!s.n || s.p[0] != ' ');
	CHECK(!s.n || !trimmed || s.p[s.n - 1] != ' ');
}

static void
check_message(const char *msg, size_t len)
{
	struct okr_message m;
	double v;

	okr_message_parse(&m, msg, len);
	check_line(m.subject, msg, len, false);
	CHECK(inside(m.body, msg, len));
	check_line(m.ref, msg, len, true);
	check_line(m.value, msg, len, true);
	check_line(m.confidence, msg, len, true);
	check_line(m.milestone, msg, len, true);
	CHECK(m.okr == (m.ref.n > 0));
	/* the body ends before the trailers it does not show */
	if (m.okr)
		CHECK(m.body.p + m.body.n <= m.ref.p);
	/* every Okr-Carried trailer, each a line of the message, the first
	 * one m.carried, and the iteration ends */
	{
		struct okr_span t;
		size_t at = 0, k = 0;

		while (okr_message_carried(&m, &at, &t)) {
			check_line(t, msg, len, true);
			CHECK(k++ > 0 || (t.p == m.carried.p && t.n == m.carried.n));
			CHECK(at <= m.trailers.n);
		}
		CHECK(k > 0 || !m.carried.n);
		if (m.carried.n)
			CHECK(m.body.p + m.body.n <= m.carried.p);
	}
	if (okr_span_number(&v, m.value))
		CHECK(v == v || m.value.n > 0);
	okr_span_number(&v, m.confidence);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct okr_rawcommit c;
	unsigned char *obj = okr_xmalloc(size + 1);

	memcpy(obj, data, size);
	obj[size] = '\0';
	memset(&c, 0, sizeof(c));
	if (okr_rawcommit_parse(&c, obj, size) == 0) {
		/* the bytes may have been converted: spans point into c.obj,
		 * which ends with a NUL where the (new) object ends */
		const char *o = (const char *)c.obj;
		size_t n = (size_t)(c.msg - o) + c.msglen;

		CHECK(c.msg >= o && o[n] == '\0');
		CHECK(c.author.name >= o && c.author.name + c.author.nlen <= o + n);
		CHECK(c.author.email >= o && c.author.email + c.author.elen <= o + n);
		CHECK(c.committer.name >= o && c.committer.email + c.committer.elen <= o + n);
		CHECK(!memchr(c.author.email, '\n', c.author.elen));
		okr_sig_day(&c.author);
		okr_sig_day(&c.committer);
		check_message(c.msg, c.msglen);
		okr_rawcommit_release(&c);
	}
	check_message((const char *)data, size);
	return 0;
}
