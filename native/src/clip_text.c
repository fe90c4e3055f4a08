/* Text conversions for the clipboard: Windows text is UTF-16LE with CRLF line ends. */
#include <stdlib.h>
#include <string.h>

#include <winpr/string.h>

#include "clip.h"

char *ts_clip_from_wire(const BYTE *data, UINT32 len)
{
	if (!data || len < 2)
		return NULL;
	char *utf8 = NULL;
	/* Up to the first NUL, which the format requires but not every server sends. */
	int wchars = 0;
	while ((UINT32)(wchars + 1) * 2 <= len && (data[wchars * 2] || data[wchars * 2 + 1]))
		wchars++;
	if (wchars == 0 || ConvertFromUnicode(CP_UTF8, 0, (LPCWSTR)data, wchars, &utf8, 0, NULL, NULL) <= 0)
		return NULL;
	char *w = utf8;
	for (const char *r = utf8; *r; r++)
		if (*r != '\r')
			*w++ = *r;
	*w = '\0';
	return utf8;
}

BYTE *ts_clip_to_wire(const char *utf8, UINT32 *len)
{
	size_t n = strlen(utf8), lf = 0;
	for (size_t i = 0; i < n; i++)
		lf += utf8[i] == '\n';
	char *crlf = malloc(n + lf + 1);
	if (!crlf)
		return NULL;
	char *w = crlf;
	for (size_t i = 0; i < n; i++) {
		if (utf8[i] == '\n' && (i == 0 || utf8[i - 1] != '\r'))
			*w++ = '\r';
		*w++ = utf8[i];
	}
	*w = '\0';
	WCHAR *wide = NULL;
	/* -1: convert the terminating NUL too, which the format wants. */
	int wchars = ConvertToUnicode(CP_UTF8, 0, crlf, -1, &wide, 0);
	free(crlf);
	if (wchars <= 0) {
		free(wide);
		return NULL;
	}
	*len = (UINT32)wchars * 2;
	return (BYTE *)wide;
}
