/*
 * nlink_netns_exec: runs a command inside a network namespace, the way
 * `ip netns exec` does its first step, without a shell:
 *
 *   nlink_netns_exec NSFILE COMMAND [ARG...]
 *
 * opens NSFILE (/run/netns/NAME, /proc/PID/ns/net, ...), joins it with
 * setns(CLONE_NEWNET) and execvp()s COMMAND with its arguments, so the
 * command keeps this process's pid, stdio and environment. Unlike
 * `ip netns exec` it does not remount /sys or bind /etc/netns/NAME files.
 *
 * Exit status when COMMAND could not be started (otherwise COMMAND's own):
 *   125  bad usage, or NSFILE could not be opened or joined
 *   126  COMMAND was found but could not be executed
 *   127  COMMAND was not found
 *
 * Built from this file by binding.gyp (target nlink_netns_exec) into
 * build/Release/; spawnInNamespace() in src/namespace/spawn.ts runs it.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define EXIT_SETUP 125
#define EXIT_CANNOT_EXEC 126
#define EXIT_NOT_FOUND 127

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: %s NSFILE COMMAND [ARG...]\n", argc > 0 ? argv[0] : "nlink_netns_exec");
    return EXIT_SETUP;
  }
  const char *nsfile = argv[1];
  int fd = open(nsfile, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "nlink_netns_exec: open %s: %s\n", nsfile, strerror(errno));
    return EXIT_SETUP;
  }
  if (setns(fd, CLONE_NEWNET) != 0) {
    fprintf(stderr, "nlink_netns_exec: setns %s: %s\n", nsfile, strerror(errno));
    close(fd);
    return EXIT_SETUP;
  }
  close(fd);
  execvp(argv[2], &argv[2]);
  int err = errno;
  fprintf(stderr, "nlink_netns_exec: exec %s: %s\n", argv[2], strerror(err));
  return err == ENOENT || err == ENOTDIR ? EXIT_NOT_FOUND : EXIT_CANNOT_EXEC;
}
