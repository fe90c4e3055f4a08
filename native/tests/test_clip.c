/* Clipboard text on the wire: UTF-16LE, CRLF, NUL-terminated; locally UTF-8 with LF. */
#include <stdlib.h>

#include "../src/clip.h"
#include "check.h"

int main(void)
{
	UINT32 len = 0;
	BYTE *wire = ts_clip_to_wire("a\nb \xc3\xbc\xe2\x82\xac", &len); /* "a\nb ü€" */
	/* a CR LF b space ü € NUL: 8 UTF-16 units */
	const BYTE want[] = { 'a', 0, '\r', 0, '\n', 0, 'b', 0, ' ', 0, 0xfc, 0, 0xac, 0x20, 0, 0 };
	CHECK(wire && len == sizeof(want) && memcmp(wire, want, len) == 0);
	char *back = ts_clip_from_wire(wire, len);
	CHECK_STR(back, "a\nb \xc3\xbc\xe2\x82\xac");
	free(back);
	back = ts_clip_from_wire(want, sizeof(want) - 2); /* no terminating NUL: still read */
	CHECK_STR(back, "a\nb \xc3\xbc\xe2\x82\xac");
	free(back);
	free(wire);
	wire = ts_clip_to_wire("x\r\ny", &len); /* CRLF stays CRLF */
	CHECK(wire && len == 10 && wire[2] == '\r' && wire[4] == '\n' && wire[6] == 'y');
	free(wire);
	CHECK(ts_clip_from_wire(want, 1) == NULL && ts_clip_from_wire(NULL, 4) == NULL);
	CHECK(ts_clip_from_wire((const BYTE *)"\0\0", 2) == NULL);
	printf("test_clip: %d failure(s)\n", failures);
	return failures ? 1 : 0;
}
