/*
 * measure.c - runs a command and reports its wall time and resource usage.
 *
 * Build:  gcc -O2 -Wall -Wextra -std=gnu11 -o measure bench/c/measure.c
 * Usage:  measure [--stdout FILE] [--stdin FILE] -- COMMAND [ARGS...]
 *
 * Forks, execs COMMAND (stdout to FILE, default /dev/null; stdin from FILE,
 * default /dev/null; stderr inherited), waits for it with wait4() and prints
 * exactly one JSON line on stdout:
 *
 *   {"seconds":1.234567,"userSeconds":1.1,"sysSeconds":0.1,"maxRssKiB":51234,"exitCode":0}
 *
 * `seconds` is CLOCK_MONOTONIC from before fork() to after wait4();
 * `maxRssKiB` is the child's ru_maxrss (its peak resident set, in KiB).
 * `exitCode` is the exit status, or 128 + the signal that killed it.
 * measure itself exits 0 when it could run the command, 1 otherwise.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double tv_sec(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec * 1e-6;
}

static void usage(void)
{
	fprintf(stderr, "usage: measure [--stdout FILE] [--stdin FILE] -- COMMAND [ARGS...]\n");
	exit(2);
}

/* Opens `path` and puts it on `target` (in the child); exits 127 on failure. */
static void redirect(const char *path, int flags, int target)
{
	int fd = open(path, flags | O_CLOEXEC, 0644);
	if (fd < 0 || dup2(fd, target) < 0) {
		fprintf(stderr, "measure: %s: %s\n", path, strerror(errno));
		_exit(127);
	}
}

int main(int argc, char **argv)
{
	const char *out = "/dev/null";
	const char *in = "/dev/null";
	int i = 1;
	for (; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		} else if (strcmp(argv[i], "--stdout") == 0 && i + 1 < argc) {
			out = argv[++i];
		} else if (strcmp(argv[i], "--stdin") == 0 && i + 1 < argc) {
			in = argv[++i];
		} else {
			usage();
		}
	}
	if (i >= argc)
		usage();

	double t0 = now_sec();
	pid_t pid = fork();
	if (pid < 0) {
		fprintf(stderr, "measure: fork: %s\n", strerror(errno));
		return 1;
	}
	if (pid == 0) {
		redirect(in, O_RDONLY, STDIN_FILENO);
		redirect(out, O_WRONLY | O_CREAT | O_TRUNC, STDOUT_FILENO);
		execvp(argv[i], argv + i);
		fprintf(stderr, "measure: %s: %s\n", argv[i], strerror(errno));
		_exit(127);
	}
	int status;
	struct rusage ru;
	pid_t got;
	do
		got = wait4(pid, &status, 0, &ru);
	while (got < 0 && errno == EINTR);
	double secs = now_sec() - t0;
	if (got < 0) {
		fprintf(stderr, "measure: wait4: %s\n", strerror(errno));
		return 1;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	printf("{\"seconds\":%.6f,\"userSeconds\":%.6f,\"sysSeconds\":%.6f,\"maxRssKiB\":%ld,"
	       "\"exitCode\":%d}\n",
	       secs, tv_sec(ru.ru_utime), tv_sec(ru.ru_stime), ru.ru_maxrss, code);
	return code == 127 ? 1 : 0;
}
