/* A few lines of test harness: CHECK counts failures and says where; main returns them. */
#ifndef TS_CHECK_H
#define TS_CHECK_H

#include <stdio.h>
#include <string.h>

static int failures;
#define CHECK(cond)                                                          \
	do {                                                                     \
		if (!(cond)) {                                                       \
			fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
			failures++;                                                      \
		}                                                                    \
	} while (0)
static inline int ts_streq(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }
static inline int ts_has(const char *t, const char *p) { return t && p && strstr(t, p) != NULL; }
#define CHECK_STR(a, b) CHECK(ts_streq((a), (b)))
#define CHECK_HAS(text, part) CHECK(ts_has((text), (part)))

#endif
