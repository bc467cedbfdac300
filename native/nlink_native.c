/*
 * nlink native addon: netlink socket syscalls and readiness, nothing more.
 *
 * No netlink message is parsed here. The addon opens AF_NETLINK sockets
 * (optionally inside another network namespace, from a throw-away thread),
 * binds them, sets options, sends buffers, reads pending datagrams into a
 * caller-provided buffer (or, on a thread of its own, ahead into a ring of
 * caller-provided buffers), and watches the descriptor with a uv_poll handle.
 * It also creates and deletes named network namespaces the way
 * `ip netns add/del` does.
 *
 * Every failing syscall is thrown as an Error shaped like Node's SystemError:
 * `code` ('ENOBUFS'), `errno` (negative, -105), `syscall` ('recvmsg'),
 * optionally `path`.
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/netlink.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <node_api.h>
#include <uv.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK 270
#endif

/* Minimum room kept free for one more datagram in recv(). */
#define NL_SLOT_SIZE (64 * 1024)
/* Int32 fields per datagram in the meta array (after the 1-field header). */
#define NL_META_STRIDE 5
#define NL_META_HEADER 1

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

static const char *errno_name(int err) {
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 32)
  const char *name = strerrorname_np(err);
  if (name != NULL) return name;
#endif
#endif
  switch (err) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EINTR: return "EINTR";
    case EBADF: return "EBADF";
    case EAGAIN: return "EAGAIN";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case ENOBUFS: return "ENOBUFS";
    case EMSGSIZE: return "EMSGSIZE";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    default: return "UNKNOWN";
  }
}

/* Builds (does not throw) a SystemError-like Error. Returns NULL on failure. */
static napi_value make_system_error(napi_env env, int err, const char *syscall,
                                    const char *path) {
  char desc[256];
  char msg[PATH_MAX + 512];
  const char *code = errno_name(err);
  const char *text = strerror_r(err, desc, sizeof desc);
  if (path != NULL) {
    snprintf(msg, sizeof msg, "%s failed: %s (%s), path '%s'", syscall, text,
             code, path);
  } else {
    snprintf(msg, sizeof msg, "%s failed: %s (%s)", syscall, text, code);
  }

  napi_value js_code, js_msg, error, js_errno, js_syscall;
  if (napi_create_string_utf8(env, code, NAPI_AUTO_LENGTH, &js_code) != napi_ok ||
      napi_create_string_utf8(env, msg, NAPI_AUTO_LENGTH, &js_msg) != napi_ok ||
      napi_create_error(env, js_code, js_msg, &error) != napi_ok ||
      napi_create_int32(env, -err, &js_errno) != napi_ok ||
      napi_create_string_utf8(env, syscall, NAPI_AUTO_LENGTH, &js_syscall) != napi_ok ||
      napi_set_named_property(env, error, "errno", js_errno) != napi_ok ||
      napi_set_named_property(env, error, "syscall", js_syscall) != napi_ok) {
    return NULL;
  }
  if (path != NULL) {
    napi_value js_path;
    if (napi_create_string_utf8(env, path, NAPI_AUTO_LENGTH, &js_path) == napi_ok) {
      napi_set_named_property(env, error, "path", js_path);
    }
  }
  return error;
}

static napi_value throw_errno(napi_env env, int err, const char *syscall,
                              const char *path) {
  napi_value error = make_system_error(env, err, syscall, path);
  if (error != NULL) {
    napi_throw(env, error);
  } else {
    napi_throw_error(env, NULL, "nlink: failed to build a system error");
  }
  return NULL;
}

static napi_value throw_type(napi_env env, const char *msg) {
  napi_throw_type_error(env, "ERR_INVALID_ARG_TYPE", msg);
  return NULL;
}

static napi_value undefined(napi_env env) {
  napi_value u;
  napi_get_undefined(env, &u);
  return u;
}

/* ------------------------------------------------------------------------ */
/* Argument helpers                                                         */
/* ------------------------------------------------------------------------ */

/* Throws a TypeError naming `what` unless v is a number. */
static int check_number(napi_env env, napi_value v, const char *what) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) == napi_ok && t == napi_number) return 1;
  char msg[128];
  snprintf(msg, sizeof msg, "%s must be a number", what);
  throw_type(env, msg);
  return 0;
}

static int get_int32(napi_env env, napi_value v, int32_t *out, const char *what) {
  if (!check_number(env, v, what)) return 0;
  napi_get_value_int32(env, v, out);
  return 1;
}

static int get_uint32(napi_env env, napi_value v, uint32_t *out, const char *what) {
  if (!check_number(env, v, what)) return 0;
  napi_get_value_uint32(env, v, out);
  return 1;
}

/* Copies a JS string into buf; rejects non-strings, embedded NULs and overlong values. */
static int get_path(napi_env env, napi_value v, char *buf, size_t size, const char *what) {
  napi_valuetype t;
  size_t len = 0;
  char msg[128];
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_string) {
    snprintf(msg, sizeof msg, "%s must be a string", what);
    throw_type(env, msg);
    return 0;
  }
  if (napi_get_value_string_utf8(env, v, NULL, 0, &len) != napi_ok) return 0;
  if (len + 1 > size) {
    throw_errno(env, ENAMETOOLONG, "open", NULL);
    return 0;
  }
  napi_get_value_string_utf8(env, v, buf, size, &len);
  if (strlen(buf) != len) {
    snprintf(msg, sizeof msg, "%s must not contain NUL bytes", what);
    throw_type(env, msg);
    return 0;
  }
  return 1;
}

/* Raw bytes of any TypedArray or DataView. */
static int get_bytes(napi_env env, napi_value v, uint8_t **data, size_t *len, const char *what) {
  bool is_ta = false;
  char msg[128];
  napi_is_typedarray(env, v, &is_ta);
  if (is_ta) {
    napi_typedarray_type type;
    size_t length;
    void *ptr;
    if (napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok) return 0;
    size_t elem = 1;
    switch (type) {
      case napi_int16_array: case napi_uint16_array: elem = 2; break;
      case napi_int32_array: case napi_uint32_array: case napi_float32_array: elem = 4; break;
      case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: elem = 8; break;
      default: elem = 1; break;
    }
    *data = ptr;
    *len = length * elem;
    return 1;
  }
  bool is_dv = false;
  napi_is_dataview(env, v, &is_dv);
  if (is_dv) {
    size_t length;
    void *ptr;
    if (napi_get_dataview_info(env, v, &length, &ptr, NULL, NULL) != napi_ok) return 0;
    *data = ptr;
    *len = length;
    return 1;
  }
  snprintf(msg, sizeof msg, "%s must be a Uint8Array", what);
  throw_type(env, msg);
  return 0;
}

/* ------------------------------------------------------------------------ */
/* Throw-away namespace threads                                             */
/* ------------------------------------------------------------------------ */

typedef void *(*thread_fn)(void *);

/* Runs fn(arg) on a fresh thread with all signals blocked, and joins it. */
static int run_on_thread(thread_fn fn, void *arg) {
  pthread_attr_t attr;
  pthread_t thread;
  sigset_t all, old;
  int rc = pthread_attr_init(&attr);
  if (rc != 0) return rc;
  pthread_attr_setstacksize(&attr, 256 * 1024);
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  rc = pthread_create(&thread, &attr, fn, arg);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  pthread_attr_destroy(&attr);
  if (rc != 0) return rc;
  return pthread_join(thread, NULL);
}

typedef struct {
  const char *path;
  int protocol;
  int fd;
  int err;
  const char *syscall;
} ns_socket_job;

static void *ns_socket_thread(void *arg) {
  ns_socket_job *job = arg;
  int nsfd = open(job->path, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) {
    job->err = errno;
    job->syscall = "open";
    return NULL;
  }
  if (setns(nsfd, CLONE_NEWNET) < 0) {
    job->err = errno;
    job->syscall = "setns";
    close(nsfd);
    return NULL;
  }
  close(nsfd);
  job->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, job->protocol);
  if (job->fd < 0) {
    job->err = errno;
    job->syscall = "socket";
  }
  /* The thread exits now; its namespace goes with it. */
  return NULL;
}

typedef struct {
  const char *path;
  int err;
  const char *syscall;
} ns_create_job;

static void *ns_create_thread(void *arg) {
  ns_create_job *job = arg;
  if (unshare(CLONE_NEWNET) < 0) {
    job->err = errno;
    job->syscall = "unshare";
    return NULL;
  }
  if (mount("/proc/thread-self/ns/net", job->path, "none", MS_BIND, NULL) < 0) {
    job->err = errno;
    job->syscall = "mount";
  }
  return NULL;
}

/* ------------------------------------------------------------------------ */
/* Socket handles                                                           */
/* ------------------------------------------------------------------------ */

typedef struct nl_handle nl_handle;

/*
 * The uv_poll handle lives in its own allocation, freed by its close
 * callback. An async cleanup hook (registered while it exists) makes a
 * Worker's teardown wait for that callback: otherwise the callback could
 * run after the addon was unloaded.
 */
typedef struct {
  uv_poll_t poll;
  nl_handle *owner;                     /* NULL once detached (closing) */
  napi_async_cleanup_hook_handle hook;  /* removed by the close callback */
  int closing;
} nl_poll;

struct nl_handle {
  int fd;                       /* -1 once closed */
  int polling;                  /* uv_poll started */
  nl_poll *poll;                /* lazily created */
  napi_env env;
  napi_ref self;                /* weak; strong (1) while polling */
  napi_ref callback;            /* only while polling */
  napi_async_context async_ctx; /* created on first pollStart */
  struct nl_reader *reader;     /* the read-ahead thread, while it runs */
};

static void reader_end(struct nl_reader *r, napi_env env);

/* Closes the handle's fd, after stopping its read-ahead thread. */
static void close_fd(napi_env env, nl_handle *h) {
  if (h->reader != NULL) reader_end(h->reader, env);
  if (h->fd < 0) return;
  close(h->fd); /* on Linux the fd is released even if close reports EINTR */
  h->fd = -1;
}

static const napi_type_tag NL_HANDLE_TAG = {0x6e6c696e6b5f736fULL, 0x636b65745f763031ULL};

static void poll_closed(uv_handle_t *handle) {
  nl_poll *p = (nl_poll *)handle;
  if (p->hook != NULL) napi_remove_async_cleanup_hook(p->hook);
  free(p);
}

/* Detaches the poll from its owner and closes it (once). */
static void poll_close(nl_poll *p) {
  if (p->closing) return;
  p->closing = 1;
  if (p->owner != NULL) {
    p->owner->poll = NULL;
    p->owner = NULL;
  }
  uv_close((uv_handle_t *)&p->poll, poll_closed);
}

/* Environment teardown (main thread or Worker): close the poll and the fd. */
static void poll_env_teardown(napi_async_cleanup_hook_handle hook, void *arg) {
  (void)hook;
  nl_poll *p = arg;
  nl_handle *h = p->owner;
  poll_close(p); /* stops the poll: the fd may be closed right after */
  if (h != NULL) {
    /* JS can no longer run; the finalizer, if it still comes, only frees memory. */
    h->polling = 0;
    close_fd(NULL, h);
  }
}

/* Stops polling, releases the JS references it holds, closes the fd. Idempotent. */
static void handle_close(napi_env env, nl_handle *h, int finalizing) {
  if (h->poll != NULL) poll_close(h->poll);
  if (h->polling) {
    h->polling = 0;
    if (!finalizing && h->self != NULL) napi_reference_unref(env, h->self, NULL);
  }
  if (h->callback != NULL) {
    napi_delete_reference(env, h->callback);
    h->callback = NULL;
  }
  if (h->async_ctx != NULL) {
    napi_async_destroy(env, h->async_ctx);
    h->async_ctx = NULL;
  }
  close_fd(env, h);
}

static void handle_finalize(napi_env env, void *data, void *hint) {
  (void)hint;
  nl_handle *h = data;
  handle_close(env, h, 1);
  if (h->self != NULL) {
    napi_delete_reference(env, h->self);
    h->self = NULL;
  }
  free(h);
}

/* Unwraps a handle; throws a TypeError and returns NULL if `v` is not one. */
static nl_handle *get_handle(napi_env env, napi_value v) {
  bool ok = false;
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok || t != napi_object ||
      napi_check_object_type_tag(env, v, &NL_HANDLE_TAG, &ok) != napi_ok || !ok) {
    throw_type(env, "expected a netlink socket handle");
    return NULL;
  }
  void *p = NULL;
  if (napi_unwrap(env, v, &p) != napi_ok || p == NULL) {
    throw_type(env, "expected a netlink socket handle");
    return NULL;
  }
  return p;
}

/* Unwraps an open handle; throws EBADF (with the given syscall) if closed. */
static nl_handle *get_open_handle(napi_env env, napi_value v, const char *syscall) {
  nl_handle *h = get_handle(env, v);
  if (h == NULL) return NULL;
  if (h->fd < 0) {
    throw_errno(env, EBADF, syscall, NULL);
    return NULL;
  }
  return h;
}

#define GET_ARGS(n)                                                       \
  size_t argc = (n);                                                      \
  napi_value argv[(n) > 0 ? (n) : 1];                                     \
  napi_value this_arg;                                                    \
  if (napi_get_cb_info(env, info, &argc, argv, &this_arg, NULL) != napi_ok) \
    return NULL;                                                          \
  (void)this_arg;                                                         \
  for (size_t i_ = argc; i_ < (n); i_++) napi_get_undefined(env, &argv[i_]);

/* open(protocol: number, netnsPath: string | null) -> handle */
static napi_value js_open(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  int32_t protocol;
  if (!get_int32(env, argv[0], &protocol, "protocol")) return NULL;

  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  int fd;
  if (t == napi_null || t == napi_undefined) {
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, protocol);
    if (fd < 0) return throw_errno(env, errno, "socket", NULL);
  } else {
    char path[PATH_MAX];
    if (!get_path(env, argv[1], path, sizeof path, "netnsPath")) return NULL;
    ns_socket_job job = {path, protocol, -1, 0, NULL};
    int rc = run_on_thread(ns_socket_thread, &job);
    if (rc != 0) return throw_errno(env, rc, "pthread_create", NULL);
    if (job.fd < 0) return throw_errno(env, job.err, job.syscall, path);
    fd = job.fd;
  }

  nl_handle *h = calloc(1, sizeof *h);
  if (h == NULL) {
    close(fd);
    return throw_errno(env, ENOMEM, "malloc", NULL);
  }
  h->fd = fd;
  h->env = env;

  napi_value obj;
  if (napi_create_object(env, &obj) != napi_ok ||
      napi_type_tag_object(env, obj, &NL_HANDLE_TAG) != napi_ok) {
    close(fd);
    free(h);
    return NULL;
  }
  if (napi_wrap(env, obj, h, handle_finalize, NULL, NULL) != napi_ok) {
    close(fd);
    free(h);
    return NULL;
  }
  /* From here on the finalizer owns h and the fd. */
  if (napi_create_reference(env, obj, 0, &h->self) != napi_ok) return NULL;
  return obj;
}

/* bind(handle, groups: number) -> portId */
static napi_value js_bind(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  nl_handle *h = get_open_handle(env, argv[0], "bind");
  if (h == NULL) return NULL;
  uint32_t groups = 0;
  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  if (t != napi_undefined && !get_uint32(env, argv[1], &groups, "groups")) return NULL;

  struct sockaddr_nl sa;
  memset(&sa, 0, sizeof sa);
  sa.nl_family = AF_NETLINK;
  sa.nl_groups = groups;
  if (bind(h->fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    return throw_errno(env, errno, "bind", NULL);
  }
  socklen_t len = sizeof sa;
  memset(&sa, 0, sizeof sa);
  if (getsockname(h->fd, (struct sockaddr *)&sa, &len) < 0) {
    return throw_errno(env, errno, "getsockname", NULL);
  }
  napi_value result;
  napi_create_uint32(env, sa.nl_pid, &result);
  return result;
}

/* setsockopt(handle, level, name, value: number) */
static napi_value js_setsockopt(napi_env env, napi_callback_info info) {
  GET_ARGS(4);
  nl_handle *h = get_open_handle(env, argv[0], "setsockopt");
  if (h == NULL) return NULL;
  int32_t level, name, value;
  if (!get_int32(env, argv[1], &level, "level") || !get_int32(env, argv[2], &name, "name") ||
      !get_int32(env, argv[3], &value, "value")) {
    return NULL;
  }
  int v = value;
  if (setsockopt(h->fd, level, name, &v, sizeof v) < 0) {
    return throw_errno(env, errno, "setsockopt", NULL);
  }
  return undefined(env);
}

/* getsockopt(handle, level, name) -> number */
static napi_value js_getsockopt(napi_env env, napi_callback_info info) {
  GET_ARGS(3);
  nl_handle *h = get_open_handle(env, argv[0], "getsockopt");
  if (h == NULL) return NULL;
  int32_t level, name;
  if (!get_int32(env, argv[1], &level, "level") || !get_int32(env, argv[2], &name, "name")) {
    return NULL;
  }
  int v = 0;
  socklen_t len = sizeof v;
  if (getsockopt(h->fd, level, name, &v, &len) < 0) {
    return throw_errno(env, errno, "getsockopt", NULL);
  }
  napi_value result;
  napi_create_int32(env, v, &result);
  return result;
}

/* send(handle, data: Uint8Array): one sendto(2) to the kernel. */
static napi_value js_send(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  nl_handle *h = get_open_handle(env, argv[0], "sendto");
  if (h == NULL) return NULL;
  uint8_t *data;
  size_t len;
  if (!get_bytes(env, argv[1], &data, &len, "data")) return NULL;

  struct sockaddr_nl sa;
  memset(&sa, 0, sizeof sa);
  sa.nl_family = AF_NETLINK;
  ssize_t n;
  do {
    n = sendto(h->fd, data, len, 0, (struct sockaddr *)&sa, sizeof sa);
  } while (n < 0 && errno == EINTR);
  if (n < 0) return throw_errno(env, errno, "sendto", NULL);
  return undefined(env);
}

/*
 * Reads pending datagrams into `data`, each at the next 8-byte aligned
 * offset, while at least NL_SLOT_SIZE bytes are free (the first read always
 * uses whatever room there is), up to max_count, until recvmsg fails.
 * Touches no JavaScript value: it also runs on the read-ahead thread.
 *
 * meta[0] receives the errno that ended the loop: EAGAIN when the socket was
 * drained, 0 when the loop stopped for lack of room or count (more may be
 * pending), anything else is a socket error (ENOBUFS...) that the caller
 * must raise after delivering the datagrams already read (the count returned).
 * For datagram i, meta[1 + 5*i ...] = offset, length (bytes stored),
 * truncated (0/1), sender nl_pid, nl_groups (the last two as raw u32 bits).
 *
 * With `fit` (the read-ahead thread), the size of each datagram is peeked
 * first: it is read only if it fits whole, so the buffer fills up, and a
 * datagram larger than the whole buffer is left in the socket (*too_big set)
 * for a larger buffer to take.
 */
static int32_t read_datagrams(int fd, uint8_t *data, size_t data_len, int32_t *meta, int32_t max_count, int fit,
                              int *too_big) {
  size_t off = 0;
  int32_t count = 0;
  int stop = 0;
  while (count < max_count) {
    size_t room = data_len - off;
    if (room == 0 || (!fit && count > 0 && room < NL_SLOT_SIZE)) break;
    if (fit) {
      ssize_t size = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | MSG_DONTWAIT);
      if (size < 0) {
        if (errno == EINTR) continue;
        stop = errno == EWOULDBLOCK ? EAGAIN : errno;
        break;
      }
      if ((size_t)size > room) {
        if (count == 0) *too_big = 1;
        break;
      }
    }
    struct sockaddr_nl sa;
    struct iovec iov = {data + off, room};
    struct msghdr msg;
    memset(&msg, 0, sizeof msg);
    msg.msg_name = &sa;
    msg.msg_namelen = sizeof sa;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t n = recvmsg(fd, &msg, MSG_DONTWAIT | MSG_TRUNC);
    if (n < 0) {
      if (errno == EINTR) continue;
      stop = errno == EWOULDBLOCK ? EAGAIN : errno;
      break;
    }
    size_t got = (size_t)n > room ? room : (size_t)n;
    int32_t *m = meta + NL_META_HEADER + (size_t)count * NL_META_STRIDE;
    m[0] = (int32_t)off;
    m[1] = (int32_t)got;
    m[2] = ((size_t)n > room || (msg.msg_flags & MSG_TRUNC)) ? 1 : 0;
    m[3] = (int32_t)sa.nl_pid;
    m[4] = (int32_t)sa.nl_groups;
    count++;
    off += (got + 7) & ~(size_t)7;
    if (off > data_len) off = data_len;
  }
  meta[0] = stop;
  return count;
}

/*
 * A typed array's elements, of the given type; throws a TypeError (naming
 * `what`) and returns 0 if `v` is not one.
 */
static int get_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len,
                     const char *what) {
  bool is_ta = false;
  napi_typedarray_type type;
  napi_is_typedarray(env, v, &is_ta);
  if (!is_ta || napi_get_typedarray_info(env, v, &type, len, data, NULL, NULL) != napi_ok || type != want) {
    char msg[96];
    snprintf(msg, sizeof msg, "%s must be %s", what, want == napi_uint8_array ? "a Uint8Array" : "an Int32Array");
    throw_type(env, msg);
    return 0;
  }
  return 1;
}

/* The buffers and count of a recv() call, checked. */
typedef struct {
  uint8_t *data;
  size_t data_len;
  int32_t *meta;
  int32_t max_count;
} recv_args;

/* Reads argv[1..3] (data, meta, maxCount); throws a TypeError and returns 0 when they are wrong. */
static int get_recv_args(napi_env env, napi_value *argv, recv_args *out) {
  size_t data_len, meta_len;
  void *data_ptr, *meta_ptr;
  if (!get_typed(env, argv[1], napi_uint8_array, &data_ptr, &data_len, "data") ||
      !get_typed(env, argv[2], napi_int32_array, &meta_ptr, &meta_len, "meta")) {
    return 0;
  }
  if (meta_len < NL_META_HEADER) {
    throw_type(env, "meta must be a non-empty Int32Array");
    return 0;
  }
  int32_t max_count;
  if (!get_int32(env, argv[3], &max_count, "maxCount")) return 0;
  size_t capacity = (meta_len - NL_META_HEADER) / NL_META_STRIDE;
  if (max_count < 0) max_count = 0;
  if ((size_t)max_count > capacity) max_count = (int32_t)capacity;
  out->data = data_ptr;
  out->data_len = data_len > INT32_MAX ? INT32_MAX : data_len;
  out->meta = meta_ptr;
  out->max_count = max_count;
  return 1;
}

/* Unwraps an open handle whose read-ahead thread does not run (EBUSY otherwise). */
static nl_handle *get_idle_handle(napi_env env, napi_value v) {
  nl_handle *h = get_open_handle(env, v, "recvmsg");
  if (h != NULL && h->reader != NULL) {
    throw_errno(env, EBUSY, "recvmsg", NULL);
    return NULL;
  }
  return h;
}

/*
 * recv(handle, data: Uint8Array, meta: Int32Array, maxCount) -> count
 *
 * Reads the pending datagrams now (see read_datagrams). EBUSY while the
 * read-ahead thread runs: datagrams must be handed over in order.
 */
static napi_value js_recv(napi_env env, napi_callback_info info) {
  GET_ARGS(4);
  nl_handle *h = get_idle_handle(env, argv[0]);
  if (h == NULL) return NULL;
  recv_args a;
  if (!get_recv_args(env, argv, &a)) return NULL;
  int32_t count = read_datagrams(h->fd, a.data, a.data_len, a.meta, a.max_count, 0, NULL);
  napi_value result;
  napi_create_int32(env, count, &result);
  return result;
}

/* ------------------------------------------------------------------------ */
/* Read-ahead                                                               */
/* ------------------------------------------------------------------------ */

/*
 * A thread that reads ahead into a ring of slots while JavaScript handles
 * the slots already read, so that the kernel produces the next part of a
 * dump (it does so inside recvmsg) in parallel with the decoding.
 *
 * Each slot is a buffer of its own and a part of `meta`. A slot's part of
 * `meta` starts with its state (0 free, 1 filled, 2 filled and last: the
 * thread ended after it because the socket was drained or failed, or the
 * next datagram is larger than a slot: stop errno EMSGSIZE) and its
 * datagram count; from index 2 on it has recv()'s layout (stop errno, then
 * the datagrams). The thread fills slots in order, waiting for free ones;
 * JavaScript reads the state with Atomics.load, hands the datagrams over,
 * and gives the slot back (readerFree).
 */
#define NL_SLOT_STATE 0
#define NL_SLOT_COUNT 1
#define NL_SLOT_HEADER 2
#define NL_READER_MAX_SLOTS 16

typedef struct nl_reader {
  uv_async_t async;     /* first: the close callback frees the whole struct */
  nl_handle *h;
  napi_env env;
  pthread_t thread;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int stopping;         /* under mu */
  int ended;            /* reader_end ran (the teardown hook may come before the close callback) */
  int fd;
  int32_t *meta;
  size_t slot_ints;
  int32_t slots;
  int32_t cap;          /* datagrams per slot */
  uint8_t *slot_data[NL_READER_MAX_SLOTS];
  size_t slot_len[NL_READER_MAX_SLOTS];
  napi_ref slot_refs[NL_READER_MAX_SLOTS];
  napi_ref meta_ref;
  napi_ref wake_ref;
  napi_async_cleanup_hook_handle hook;
} nl_reader;

static void *reader_main(void *arg) {
  nl_reader *r = arg;
  for (int32_t i = 0;; i = (i + 1) % r->slots) {
    int32_t *m = r->meta + (size_t)i * r->slot_ints;
    pthread_mutex_lock(&r->mu);
    while (!r->stopping && __atomic_load_n(&m[NL_SLOT_STATE], __ATOMIC_ACQUIRE) != 0) {
      pthread_cond_wait(&r->cv, &r->mu);
    }
    int stopping = r->stopping;
    pthread_mutex_unlock(&r->mu);
    if (stopping) break;
    int too_big = 0;
    int32_t count = read_datagrams(r->fd, r->slot_data[i], r->slot_len[i], m + NL_SLOT_HEADER, r->cap, 1, &too_big);
    /* Drained, failed, or the next datagram needs JavaScript's own (larger) buffer: the thread ends. */
    if (too_big && m[NL_SLOT_HEADER] == 0) m[NL_SLOT_HEADER] = EMSGSIZE;
    int last = m[NL_SLOT_HEADER] != 0;
    m[NL_SLOT_COUNT] = count;
    __atomic_store_n(&m[NL_SLOT_STATE], last ? 2 : 1, __ATOMIC_RELEASE);
    uv_async_send(&r->async);
    if (last) break;
  }
  return NULL;
}

static void reader_closed(uv_handle_t *handle) {
  nl_reader *r = (nl_reader *)handle;
  if (r->hook != NULL) napi_remove_async_cleanup_hook(r->hook);
  pthread_mutex_destroy(&r->mu);
  pthread_cond_destroy(&r->cv);
  free(r);
}

/* Deletes the reader's references (not during environment teardown: env is NULL then). */
static void reader_unref(nl_reader *r, napi_env env) {
  for (int32_t i = 0; i < NL_READER_MAX_SLOTS; i++) {
    if (env != NULL && r->slot_refs[i] != NULL) napi_delete_reference(env, r->slot_refs[i]);
    r->slot_refs[i] = NULL;
  }
  if (env != NULL && r->meta_ref != NULL) napi_delete_reference(env, r->meta_ref);
  if (env != NULL && r->wake_ref != NULL) napi_delete_reference(env, r->wake_ref);
  r->meta_ref = NULL;
  r->wake_ref = NULL;
}

/* Ends the thread (at most one read_datagrams away: it never waits on the socket) and releases the reader. */
static void reader_end(nl_reader *r, napi_env env) {
  if (r->ended) return;
  r->ended = 1;
  pthread_mutex_lock(&r->mu);
  r->stopping = 1;
  pthread_cond_signal(&r->cv);
  pthread_mutex_unlock(&r->mu);
  pthread_join(r->thread, NULL);
  if (r->h != NULL) {
    r->h->reader = NULL;
    r->h = NULL;
  }
  reader_unref(r, env);
  uv_close((uv_handle_t *)&r->async, reader_closed);
}

/* Environment teardown: JS can no longer run; end the thread and close the async handle. */
static void reader_env_teardown(napi_async_cleanup_hook_handle hook, void *arg) {
  (void)hook;
  reader_end(arg, NULL);
}

/* A slot was filled (or several): calls the JS wake callback. */
static void on_reader_wake(uv_async_t *async) {
  nl_reader *r = (nl_reader *)async;
  nl_handle *h = r->h;
  if (h == NULL || r->wake_ref == NULL) return;
  napi_env env = r->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value cb, resource;
  if (napi_get_reference_value(env, r->wake_ref, &cb) == napi_ok && cb != NULL &&
      napi_get_reference_value(env, h->self, &resource) == napi_ok && resource != NULL) {
    if (napi_make_callback(env, h->async_ctx, resource, cb, 0, NULL, NULL) == napi_pending_exception) {
      napi_value ex;
      if (napi_get_and_clear_last_exception(env, &ex) == napi_ok) napi_fatal_exception(env, ex);
    }
  }
  napi_close_handle_scope(env, scope);
}

/* Creates the async context readiness and wake callbacks run in (once per handle). */
static int ensure_async_ctx(napi_env env, nl_handle *h, napi_value resource) {
  if (h->async_ctx != NULL) return 1;
  napi_value name;
  napi_create_string_utf8(env, "nlink:NetlinkSocket", NAPI_AUTO_LENGTH, &name);
  return napi_async_init(env, resource, name, &h->async_ctx) == napi_ok;
}

/*
 * readerStart(handle, meta: Int32Array, slots: Uint8Array[], wake: () => void)
 *
 * Starts the read-ahead thread over the slot buffers (2 to 16) and equal
 * parts of `meta` (layout above; every state is reset to free). `wake`
 * runs from the event loop after slots were filled. Until readerStop, the
 * free slots and `meta` belong to the thread, and recv() and readerStart()
 * throw EBUSY.
 */
static napi_value js_reader_start(napi_env env, napi_callback_info info) {
  GET_ARGS(4);
  nl_handle *h = get_idle_handle(env, argv[0]);
  if (h == NULL) return NULL;
  size_t meta_len = 0;
  void *meta_ptr;
  if (!get_typed(env, argv[1], napi_int32_array, &meta_ptr, &meta_len, "meta")) return NULL;
  bool is_array = false;
  uint32_t slots = 0;
  napi_is_array(env, argv[2], &is_array);
  if (!is_array || napi_get_array_length(env, argv[2], &slots) != napi_ok || slots < 2 ||
      slots > NL_READER_MAX_SLOTS) {
    return throw_type(env, "slots must be an array of 2 to 16 Uint8Arrays");
  }
  size_t slot_ints = meta_len / slots;
  if (slot_ints < NL_SLOT_HEADER + NL_META_HEADER + NL_META_STRIDE) {
    return throw_type(env, "meta has no room for a datagram per slot");
  }
  napi_valuetype t;
  napi_typeof(env, argv[3], &t);
  if (t != napi_function) return throw_type(env, "wake must be a function");
  nl_reader *r = calloc(1, sizeof *r);
  if (r == NULL) return throw_errno(env, ENOMEM, "malloc", NULL);
  napi_value slot_values[NL_READER_MAX_SLOTS];
  for (uint32_t i = 0; i < slots; i++) {
    void *data;
    if (napi_get_element(env, argv[2], i, &slot_values[i]) != napi_ok ||
        !get_typed(env, slot_values[i], napi_uint8_array, &data, &r->slot_len[i], "every slot")) {
      free(r);
      return NULL;
    }
    r->slot_data[i] = data;
    if (r->slot_len[i] > INT32_MAX) r->slot_len[i] = INT32_MAX;
  }
  uv_loop_t *loop;
  if (!ensure_async_ctx(env, h, argv[0]) || napi_get_uv_event_loop(env, &loop) != napi_ok) {
    free(r);
    return NULL;
  }
  r->h = h;
  r->env = env;
  r->fd = h->fd;
  r->meta = meta_ptr;
  r->slot_ints = slot_ints;
  r->slots = (int32_t)slots;
  r->cap = (int32_t)((slot_ints - NL_SLOT_HEADER - NL_META_HEADER) / NL_META_STRIDE);
  for (uint32_t i = 0; i < slots; i++) r->meta[(size_t)i * slot_ints + NL_SLOT_STATE] = 0;
  int ok = napi_create_reference(env, argv[1], 1, &r->meta_ref) == napi_ok &&
           napi_create_reference(env, argv[3], 1, &r->wake_ref) == napi_ok;
  for (uint32_t i = 0; ok && i < slots; i++) {
    ok = napi_create_reference(env, slot_values[i], 1, &r->slot_refs[i]) == napi_ok;
  }
  int rc = ok ? uv_async_init(loop, &r->async, on_reader_wake) : 0;
  if (!ok || rc != 0) {
    reader_unref(r, env);
    free(r);
    return rc != 0 ? throw_errno(env, -rc, "uv_async_init", NULL) : NULL;
  }
  /* Keeps the process alive only while JavaScript waits for it (readerRef), as a poll watch does. */
  uv_unref((uv_handle_t *)&r->async);
  pthread_mutex_init(&r->mu, NULL);
  pthread_cond_init(&r->cv, NULL);
  if (napi_add_async_cleanup_hook(env, reader_env_teardown, r, &r->hook) != napi_ok) r->hook = NULL;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old); /* the thread takes no signal */
  rc = pthread_create(&r->thread, NULL, reader_main, r);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  if (rc != 0) {
    r->ended = 1;
    reader_unref(r, env);
    uv_close((uv_handle_t *)&r->async, reader_closed);
    return throw_errno(env, rc, "pthread_create", NULL);
  }
  h->reader = r;
  return undefined(env);
}

/* readerFree(handle, slot): gives a slot JavaScript has handed over back to the thread. */
static napi_value js_reader_free(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  nl_handle *h = get_handle(env, argv[0]);
  if (h == NULL) return NULL;
  int32_t slot;
  if (!get_int32(env, argv[1], &slot, "slot")) return NULL;
  nl_reader *r = h->reader;
  if (r == NULL || slot < 0 || slot >= r->slots) return undefined(env);
  pthread_mutex_lock(&r->mu);
  __atomic_store_n(&r->meta[(size_t)slot * r->slot_ints + NL_SLOT_STATE], 0, __ATOMIC_RELEASE);
  pthread_cond_signal(&r->cv);
  pthread_mutex_unlock(&r->mu);
  return undefined(env);
}

/* readerRef(handle, on: boolean): whether the read-ahead thread keeps the process alive. No-op when none runs. */
static napi_value js_reader_ref(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  nl_handle *h = get_handle(env, argv[0]);
  if (h == NULL) return NULL;
  bool on = false;
  if (napi_get_value_bool(env, argv[1], &on) != napi_ok) return throw_type(env, "on must be a boolean");
  if (h->reader != NULL) {
    if (on) uv_ref((uv_handle_t *)&h->reader->async);
    else uv_unref((uv_handle_t *)&h->reader->async);
  }
  return undefined(env);
}

/* readerStop(handle): ends the read-ahead thread (joins it). No-op when none runs. */
static napi_value js_reader_stop(napi_env env, napi_callback_info info) {
  GET_ARGS(1);
  nl_handle *h = get_handle(env, argv[0]);
  if (h == NULL) return NULL;
  if (h->reader != NULL) reader_end(h->reader, env);
  return undefined(env);
}

/*
 * Readiness: called by libuv; calls the JS callback via napi_make_callback,
 * so that promise jobs and nextTicks run right after it.
 *
 * On EPOLLERR (a netlink socket reports ENOBUFS that way) libuv stops the
 * poll handle and passes status UV_EBADF. The JS callback then reads the
 * error through recv(); afterwards the watch is restarted if JS still wants it.
 */
static void on_poll(uv_poll_t *poll, int status, int events) {
  (void)events;
  nl_poll *p = (nl_poll *)poll;
  nl_handle *h = p->owner;
  if (h == NULL || !h->polling || h->callback == NULL) return;
  napi_env env = h->env;
  napi_handle_scope scope;
  if (napi_open_handle_scope(env, &scope) != napi_ok) return;
  napi_value cb, resource;
  if (napi_get_reference_value(env, h->callback, &cb) == napi_ok && cb != NULL &&
      napi_get_reference_value(env, h->self, &resource) == napi_ok && resource != NULL) {
    napi_status st = napi_make_callback(env, h->async_ctx, resource, cb, 0, NULL, NULL);
    if (st == napi_pending_exception) {
      napi_value ex;
      if (napi_get_and_clear_last_exception(env, &ex) == napi_ok) napi_fatal_exception(env, ex);
    }
  }
  /* The callback may have closed or paused the socket: re-read the state. */
  if (status < 0 && p->owner == h && h->polling && h->fd >= 0 &&
      uv_poll_start(&p->poll, UV_READABLE, on_poll) != 0) {
    h->polling = 0;
    napi_reference_unref(env, h->self, NULL);
    if (h->callback != NULL) {
      napi_delete_reference(env, h->callback);
      h->callback = NULL;
    }
  }
  napi_close_handle_scope(env, scope);
}

/* pollStart(handle, callback): watch for readability; replaces the callback. */
static napi_value js_poll_start(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  nl_handle *h = get_open_handle(env, argv[0], "uv_poll_start");
  if (h == NULL) return NULL;
  napi_valuetype t;
  napi_typeof(env, argv[1], &t);
  if (t != napi_function) return throw_type(env, "callback must be a function");

  if (h->poll == NULL) {
    uv_loop_t *loop;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok) return NULL;
    nl_poll *p = calloc(1, sizeof *p);
    if (p == NULL) return throw_errno(env, ENOMEM, "malloc", NULL);
    int rc = uv_poll_init(loop, &p->poll, h->fd);
    if (rc != 0) {
      free(p);
      return throw_errno(env, -rc, "uv_poll_init", NULL);
    }
    if (napi_add_async_cleanup_hook(env, poll_env_teardown, p, &p->hook) != napi_ok) {
      p->hook = NULL;
      p->closing = 1;
      uv_close((uv_handle_t *)&p->poll, poll_closed);
      return NULL;
    }
    p->owner = h;
    h->poll = p;
  }
  if (!ensure_async_ctx(env, h, argv[0])) return NULL;
  napi_ref cb_ref;
  if (napi_create_reference(env, argv[1], 1, &cb_ref) != napi_ok) return NULL;
  if (h->callback != NULL) napi_delete_reference(env, h->callback);
  h->callback = cb_ref;

  if (!h->polling) {
    int rc = uv_poll_start(&h->poll->poll, UV_READABLE, on_poll);
    if (rc != 0) {
      napi_delete_reference(env, h->callback);
      h->callback = NULL;
      return throw_errno(env, -rc, "uv_poll_start", NULL);
    }
    h->polling = 1;
    napi_reference_ref(env, h->self, NULL);
  }
  return undefined(env);
}

/* pollStop(handle): stop watching; keeps nothing alive. No-op when closed. */
static napi_value js_poll_stop(napi_env env, napi_callback_info info) {
  GET_ARGS(1);
  nl_handle *h = get_handle(env, argv[0]);
  if (h == NULL) return NULL;
  if (h->polling) {
    if (h->poll != NULL) uv_poll_stop(&h->poll->poll);
    h->polling = 0;
    napi_reference_unref(env, h->self, NULL);
  }
  if (h->callback != NULL) {
    napi_delete_reference(env, h->callback);
    h->callback = NULL;
  }
  return undefined(env);
}

/* close(handle): stop polling, release the poll handle, close the fd. Idempotent. */
static napi_value js_close(napi_env env, napi_callback_info info) {
  GET_ARGS(1);
  nl_handle *h = get_handle(env, argv[0]);
  if (h == NULL) return NULL;
  handle_close(env, h, 0);
  return undefined(env);
}

/* isOpen(handle) -> boolean */
static napi_value js_is_open(napi_env env, napi_callback_info info) {
  GET_ARGS(1);
  nl_handle *h = get_handle(env, argv[0]);
  if (h == NULL) return NULL;
  napi_value result;
  napi_get_boolean(env, h->fd >= 0, &result);
  return result;
}

/* systemError(errno: number, syscall: string, path?: string) -> Error (not thrown) */
static napi_value js_system_error(napi_env env, napi_callback_info info) {
  GET_ARGS(3);
  int32_t err;
  if (!get_int32(env, argv[0], &err, "errno")) return NULL;
  if (err < 0) err = -err;
  char syscall[64];
  if (!get_path(env, argv[1], syscall, sizeof syscall, "syscall")) return NULL;
  napi_valuetype t;
  napi_typeof(env, argv[2], &t);
  char path[PATH_MAX];
  const char *p = NULL;
  if (t == napi_string) {
    if (!get_path(env, argv[2], path, sizeof path, "path")) return NULL;
    p = path;
  }
  napi_value error = make_system_error(env, err, syscall, p);
  if (error == NULL) napi_throw_error(env, NULL, "nlink: failed to build a system error");
  return error;
}

/* ------------------------------------------------------------------------ */
/* Named network namespaces (ip netns add / del)                            */
/* ------------------------------------------------------------------------ */

static int join_path(napi_env env, napi_value dir_v, napi_value name_v, char *dir,
                     char *path) {
  char name[NAME_MAX + 1];
  if (!get_path(env, dir_v, dir, PATH_MAX, "dir") ||
      !get_path(env, name_v, name, sizeof name, "name")) {
    return 0;
  }
  int n = snprintf(path, PATH_MAX, "%s/%s", dir, name);
  if (n < 0 || n >= PATH_MAX) {
    throw_errno(env, ENAMETOOLONG, "open", NULL);
    return 0;
  }
  return 1;
}

/* netnsAdd(dir, name): creates dir/name bound to a fresh network namespace. */
static napi_value js_netns_add(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  char dir[PATH_MAX], path[PATH_MAX];
  if (!join_path(env, argv[0], argv[1], dir, path)) return NULL;

  if (mkdir(dir, 0755) < 0 && errno != EEXIST) return throw_errno(env, errno, "mkdir", dir);

  /* Make dir a shared mount point so that unmounts propagate between mount namespaces. */
  int made_mount = 0;
  while (mount("", dir, "none", MS_SHARED | MS_REC, NULL) < 0) {
    if (errno != EINVAL || made_mount) return throw_errno(env, errno, "mount", dir);
    if (mount(dir, dir, "none", MS_BIND | MS_REC, NULL) < 0) {
      return throw_errno(env, errno, "mount", dir);
    }
    made_mount = 1;
  }

  int fd = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0);
  if (fd < 0) return throw_errno(env, errno, "open", path);
  close(fd);

  ns_create_job job = {path, 0, NULL};
  int rc = run_on_thread(ns_create_thread, &job);
  if (rc != 0) {
    job.err = rc;
    job.syscall = "pthread_create";
  }
  if (job.err != 0) {
    umount2(path, MNT_DETACH);
    unlink(path);
    return throw_errno(env, job.err, job.syscall, path);
  }
  return undefined(env);
}

/* netnsDel(dir, name): detaches the bind mount and removes the file. */
static napi_value js_netns_del(napi_env env, napi_callback_info info) {
  GET_ARGS(2);
  char dir[PATH_MAX], path[PATH_MAX];
  if (!join_path(env, argv[0], argv[1], dir, path)) return NULL;
  umount2(path, MNT_DETACH); /* like iproute2: a file that is not mounted is still removed */
  if (unlink(path) < 0) return throw_errno(env, errno, "unlink", path);
  return undefined(env);
}

/* ------------------------------------------------------------------------ */
/* Module                                                                   */
/* ------------------------------------------------------------------------ */

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"bind", NULL, js_bind, NULL, NULL, NULL, napi_enumerable, NULL},
      {"setsockopt", NULL, js_setsockopt, NULL, NULL, NULL, napi_enumerable, NULL},
      {"getsockopt", NULL, js_getsockopt, NULL, NULL, NULL, napi_enumerable, NULL},
      {"send", NULL, js_send, NULL, NULL, NULL, napi_enumerable, NULL},
      {"recv", NULL, js_recv, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readerStart", NULL, js_reader_start, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readerFree", NULL, js_reader_free, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readerRef", NULL, js_reader_ref, NULL, NULL, NULL, napi_enumerable, NULL},
      {"readerStop", NULL, js_reader_stop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pollStart", NULL, js_poll_start, NULL, NULL, NULL, napi_enumerable, NULL},
      {"pollStop", NULL, js_poll_stop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"close", NULL, js_close, NULL, NULL, NULL, napi_enumerable, NULL},
      {"isOpen", NULL, js_is_open, NULL, NULL, NULL, napi_enumerable, NULL},
      {"systemError", NULL, js_system_error, NULL, NULL, NULL, napi_enumerable, NULL},
      {"netnsAdd", NULL, js_netns_add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"netnsDel", NULL, js_netns_del, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) {
    return NULL;
  }
  napi_value v;
  napi_create_int32(env, NL_SLOT_SIZE, &v);
  napi_set_named_property(env, exports, "SLOT_SIZE", v);
  napi_create_int32(env, NL_META_STRIDE, &v);
  napi_set_named_property(env, exports, "META_STRIDE", v);
  napi_create_int32(env, NL_META_HEADER, &v);
  napi_set_named_property(env, exports, "META_HEADER", v);
  return exports;
}
