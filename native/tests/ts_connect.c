/* A small driver over the ABI for the real-server tests and the measurements:
 *   ts_connect [--password-stdin] [--timeout MS] [--hold MS|-1] [--disconnect-at STATE]
 *              [--check-signals] [--rss] key=value...
 * The password only ever comes from stdin. Prints "state NAME MS" for every state change
 * (MS since start), then "end state=... error=0x... kind=N reason=N text=...".
 * Exit: 0 logged on then disconnected, 2 failed, 3 ended without logging on, 4 timed out,
 * 5 signal dispositions changed, 1 usage. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "thinshell_rdp.h"

static const char *NAMES[] = { "IDLE", "CONNECTING", "CONNECTED", "LOGGED_ON", "DISCONNECTED", "FAILED" };
static struct timespec t0;

static long ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000;
}

static void snapshot(struct sigaction *acts, sigset_t *mask)
{
	for (int i = 1; i < NSIG; i++)
		sigaction(i, NULL, &acts[i]);
	pthread_sigmask(SIG_BLOCK, NULL, mask);
}

static int compare(const struct sigaction *a, const struct sigaction *b, const sigset_t *ma, const sigset_t *mb)
{
	int changed = 0;
	for (int i = 1; i < NSIG; i++)
		if (a[i].sa_handler != b[i].sa_handler || a[i].sa_flags != b[i].sa_flags) {
			printf("signal %d (%s) disposition changed\n", i, strsignal(i));
			changed = 1;
		}
	for (int i = 1; i < NSIG; i++)
		if (sigismember(ma, i) != sigismember(mb, i)) {
			printf("signal %d (%s) mask changed\n", i, strsignal(i));
			changed = 1;
		}
	return changed;
}

static void rss(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmRSS:", 6) || !strncmp(line, "VmHWM:", 6))
			printf("%s", line);
	if (f)
		fclose(f);
}

static int read_password(ts_session *s)
{
	char buf[1024];
	size_t n = fread(buf, 1, sizeof(buf) - 1, stdin);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		n--;
	int rc = ts_session_set_password(s, buf, n);
	memset(buf, 0, sizeof(buf));
	return rc;
}

int main(int argc, char **argv)
{
	clock_gettime(CLOCK_MONOTONIC, &t0);
	long timeout = 30000, hold = 0;
	int pw_stdin = 0, check = 0, show_rss = 0, at = -1;
	static struct sigaction before[NSIG], after[NSIG];
	sigset_t mask_before, mask_after;
	snapshot(before, &mask_before);
	setvbuf(stdout, NULL, _IOLBF, 0);
	ts_session *s = ts_session_new();
	if (!s)
		return 1;
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (!strcmp(argv[i], "--password-stdin"))
			pw_stdin = 1;
		else if (!strcmp(argv[i], "--check-signals"))
			check = 1;
		else if (!strcmp(argv[i], "--rss"))
			show_rss = 1;
		else if (!strcmp(argv[i], "--timeout") && i + 1 < argc)
			timeout = atol(argv[++i]);
		else if (!strcmp(argv[i], "--hold") && i + 1 < argc)
			hold = atol(argv[++i]);
		else if (!strcmp(argv[i], "--disconnect-at") && i + 1 < argc) {
			i++;
			for (int k = 0; k < 6; k++)
				if (!strcmp(argv[i], NAMES[k]))
					at = k;
		} else if (eq && argv[i][0] != '-') {
			*eq = '\0';
			if (ts_session_set(s, argv[i], eq + 1)) {
				printf("setting rejected: %s\n", ts_session_last_error_text(s));
				ts_session_free(s);
				return 1;
			}
		} else {
			fprintf(stderr, "usage: ts_connect [--password-stdin] [--timeout MS] [--hold MS] "
			                "[--disconnect-at STATE] [--check-signals] [--rss] key=value...\n");
			return 1;
		}
	}
	if (pw_stdin && read_password(s))
		return 1;
	if (ts_session_connect(s)) {
		printf("connect failed: %s\n", ts_session_last_error_text(s));
		ts_session_free(s);
		return 2;
	}
	int logged_on = 0, timed_out = 0;
	long deadline = ms() + timeout, hold_until = -1, asked = -1;
	ts_state st = TS_STATE_IDLE;
	while (st != TS_STATE_DISCONNECTED && st != TS_STATE_FAILED) {
		long now = ms();
		if (asked >= 0 && now >= asked + 10000) {
			printf("no end within 10 s of the disconnect\n");
			timed_out = 1;
			break;
		}
		if (asked < 0 && (now >= deadline || (hold_until >= 0 && now >= hold_until))) {
			timed_out = now >= deadline;
			printf("disconnecting at %ld\n", now);
			ts_session_disconnect(s);
			asked = now;
		}
		long until = asked >= 0 ? asked + 10000 : (hold_until >= 0 && hold_until < deadline ? hold_until : deadline);
		ts_state next = ts_session_wait(s, (int)(until - now > 0 ? until - now : 0));
		if (next == st)
			continue;
		st = next;
		printf("state %s %ld\n", NAMES[st], ms());
		if ((int)st == at && asked < 0) {
			ts_session_disconnect(s);
			asked = ms();
		}
		if (st == TS_STATE_LOGGED_ON) {
			logged_on = 1;
			if (show_rss)
				rss();
			if (hold >= 0)
				hold_until = ms() + hold;
		}
	}
	printf("end state=%s error=0x%08X kind=%d reason=%d text=%s\n", NAMES[st], ts_session_last_error(s),
	       ts_session_error_kind(s), ts_session_end_reason(s), ts_session_last_error_text(s));
	long t = ms();
	ts_session_free(s);
	printf("freed in %ld ms\n", ms() - t);
	snapshot(after, &mask_after);
	if (check && compare(before, after, &mask_before, &mask_after))
		return 5;
	if (timed_out)
		return 4;
	return st == TS_STATE_FAILED ? 2 : logged_on ? 0 : 3;
}
