/*
 * baseline.c - plain C/libc NETLINK_ROUTE baseline for the nlink benchmarks.
 *
 * Each scenario is written the straightforward fast way: one blocking
 * NETLINK_ROUTE socket, NETLINK_EXT_ACK on, one reused receive buffer,
 * send a request then recv until its answer is complete.
 *
 * Build:  gcc -O2 -Wall -Wextra -std=gnu11 -o baseline bench/c/baseline.c
 * Usage:  baseline SCENARIO [args] [--netns PATH]
 *
 *   noop N                 N round trips of NLMSG_NOOP + ACK
 *   getlink N IFINDEX      N RTM_GETLINK for one ifindex, reply decoded
 *   getlink-name N IFNAME  N RTM_GETLINK for one name (IFLA_IFNAME), decoded
 *   dump N                 N full RTM_GETLINK dumps, every link decoded
 *   routes-add N TABLE     add N unreachable 10.x.y.z/32 routes to TABLE,
 *                          256 requests per sendmsg datagram
 *   routes-del N TABLE     delete those N routes from TABLE, the same way
 *   routes-churn N TABLE RATE
 *                          add N such routes, then delete them, paced at
 *                          RATE requests/s (0: unpaced); ops = 2N
 *   routes-dump TABLE [N]  N (default 1) AF_INET route dumps filtered to
 *                          TABLE (strict checking + RTA_TABLE), decoded
 *   cpu-speed N CPU        N iterations of a fixed loop on CPU alone (no
 *                          netlink): how fast the host runs that CPU now
 *
 * Prints exactly one JSON line on stdout; errors go to stderr, exit 1.
 * The program never creates namespaces; --netns only joins an existing one.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#ifndef NETLINK_EXT_ACK
#define NETLINK_EXT_ACK 11
#endif
#ifndef NETLINK_GET_STRICT_CHK
#define NETLINK_GET_STRICT_CHK 12
#endif
#ifndef NLM_F_CAPPED
#define NLM_F_CAPPED 0x100
#endif
#ifndef NLM_F_ACK_TLVS
#define NLM_F_ACK_TLVS 0x200
#endif
#ifndef NLMSGERR_ATTR_MSG
#define NLMSGERR_ATTR_MSG 1
#endif

#define RECV_BUF_SIZE (128 * 1024)      /* one reused receive buffer */
#define SEND_BUF_SIZE (64 * 1024)
#define SOCK_RCVBUF (4 * 1024 * 1024)   /* room for a full batch of acks */
#define ROUTE_BATCH 256                 /* requests per sendmsg datagram */

static _Alignas(NLMSG_ALIGNTO) unsigned char rbuf[RECV_BUF_SIZE];
static _Alignas(NLMSG_ALIGNTO) unsigned char sbuf[SEND_BUF_SIZE];

/* Keeps the decoded values observable so the decoding is not optimised out. */
static volatile uint64_t sink;

static const char *scenario_name = "baseline";

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "baseline %s: ", scenario_name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static double now_sec(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* ------------------------------------------------------------------ */
/* socket helpers                                                     */
/* ------------------------------------------------------------------ */

static int nl_open(int strict)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0)
		die("socket(NETLINK_ROUTE): %s", strerror(errno));

	int one = 1;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one)) < 0)
		die("setsockopt(NETLINK_EXT_ACK): %s", strerror(errno));
	if (strict &&
	    setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof(one)) < 0)
		die("setsockopt(NETLINK_GET_STRICT_CHK): %s", strerror(errno));

	/* A batch of 256 acks needs more than the default rmem; FORCE needs
	 * CAP_NET_ADMIN, fall back to the capped SO_RCVBUF otherwise. */
	int rcv = SOCK_RCVBUF;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcv, sizeof(rcv)) < 0)
		(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcv, sizeof(rcv));

	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		die("bind: %s", strerror(errno));
	return fd;
}

static void nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct iovec iov = { .iov_base = (void *)buf, .iov_len = len };
	struct msghdr msg = {
		.msg_name = &kernel,
		.msg_namelen = sizeof(kernel),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;
	do
		n = sendmsg(fd, &msg, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		die("sendmsg: %s", strerror(errno));
	if ((size_t)n != len)
		die("sendmsg: short send %zd of %zu", n, len);
}

/* Returns the datagram length; dies on error or truncation. */
static size_t nl_recv(int fd)
{
	struct sockaddr_nl from;
	struct iovec iov = { .iov_base = rbuf, .iov_len = sizeof(rbuf) };
	struct msghdr msg = {
		.msg_name = &from,
		.msg_namelen = sizeof(from),
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	ssize_t n;
	do
		n = recvmsg(fd, &msg, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		die("recvmsg: %s", strerror(errno));
	if (msg.msg_flags & MSG_TRUNC)
		die("recvmsg: datagram truncated (buffer %zu bytes)", sizeof(rbuf));
	if (n == 0)
		die("recvmsg: unexpected EOF");
	return (size_t)n;
}

/* Extended-ack message text of an NLMSG_ERROR / NLMSG_DONE, or NULL. */
static const char *extack_msg(const struct nlmsghdr *nh)
{
	if (!(nh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NULL;
	size_t off;
	if (nh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = NLMSG_DATA(nh);
		off = NLMSG_HDRLEN + sizeof(*e);
		if (!(nh->nlmsg_flags & NLM_F_CAPPED))
			off += NLMSG_ALIGN(e->msg.nlmsg_len - NLMSG_HDRLEN);
	} else {
		off = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(int));
	}
	const unsigned char *p = (const unsigned char *)nh;
	while (off + NLA_HDRLEN <= nh->nlmsg_len) {
		const struct nlattr *a = (const struct nlattr *)(p + off);
		if (a->nla_len < NLA_HDRLEN || off + a->nla_len > nh->nlmsg_len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    a->nla_len > NLA_HDRLEN)
			return (const char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(a->nla_len);
	}
	return NULL;
}

static int nlmsg_error_code(const struct nlmsghdr *nh)
{
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct nlmsgerr)))
		die("truncated NLMSG_ERROR");
	return ((const struct nlmsgerr *)NLMSG_DATA(nh))->error;
}

static void die_nlerr(const char *what, const struct nlmsghdr *nh, int err)
{
	const char *m = extack_msg(nh);
	die("%s: %s%s%s", what, strerror(-err), m ? ": " : "", m ? m : "");
}

/* ------------------------------------------------------------------ */
/* decoding                                                           */
/* ------------------------------------------------------------------ */

struct link_info {
	int ifindex;
	char ifname[IFNAMSIZ];
	uint32_t mtu;
	unsigned char addr[32];
	unsigned addr_len;
	uint8_t operstate;
	int has_stats;
	struct rtnl_link_stats64 stats;
};

/* Walks every top-level attribute of an RTM_NEWLINK message. */
static void parse_link(const struct nlmsghdr *nh, struct link_info *li)
{
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg)))
		die("truncated RTM_NEWLINK");
	const struct ifinfomsg *ifi = NLMSG_DATA(nh);
	memset(li, 0, sizeof(*li));
	li->ifindex = ifi->ifi_index;

	int len = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifi));
	for (const struct rtattr *rta = IFLA_RTA(ifi); RTA_OK(rta, len);
	     rta = RTA_NEXT(rta, len)) {
		const void *d = RTA_DATA(rta);
		size_t dl = RTA_PAYLOAD(rta);
		switch (rta->rta_type) {
		case IFLA_IFNAME: {
			size_t n = strnlen(d, dl);
			if (n >= sizeof(li->ifname))
				n = sizeof(li->ifname) - 1;
			memcpy(li->ifname, d, n);
			li->ifname[n] = '\0';
			break;
		}
		case IFLA_MTU:
			if (dl >= sizeof(uint32_t))
				memcpy(&li->mtu, d, sizeof(uint32_t));
			break;
		case IFLA_ADDRESS:
			li->addr_len = dl < sizeof(li->addr) ? (unsigned)dl : sizeof(li->addr);
			memcpy(li->addr, d, li->addr_len);
			break;
		case IFLA_OPERSTATE:
			if (dl >= 1)
				li->operstate = *(const uint8_t *)d;
			break;
		case IFLA_STATS64:
			memcpy(&li->stats, d, dl < sizeof(li->stats) ? dl : sizeof(li->stats));
			li->has_stats = 1;
			break;
		default:
			break;
		}
	}
	if (li->ifname[0] == '\0')
		die("RTM_NEWLINK for ifindex %d without IFLA_IFNAME", li->ifindex);
	sink += (uint64_t)li->mtu + li->operstate + li->addr_len +
		(unsigned char)li->ifname[0] + li->stats.rx_packets;
}

struct route_info {
	unsigned char dst[16];
	unsigned dst_len;
	uint32_t table;
	uint8_t type;
	uint32_t priority;
	uint32_t oif;
	unsigned char gateway[16];
	int has_gateway;
};

/* Walks every top-level attribute of an RTM_NEWROUTE message. */
static void parse_route(const struct nlmsghdr *nh, struct route_info *ri)
{
	if (nh->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg)))
		die("truncated RTM_NEWROUTE");
	const struct rtmsg *rtm = NLMSG_DATA(nh);
	memset(ri, 0, sizeof(*ri));
	ri->dst_len = rtm->rtm_dst_len;
	ri->table = rtm->rtm_table;
	ri->type = rtm->rtm_type;

	int len = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*rtm));
	for (const struct rtattr *rta = RTM_RTA(rtm); RTA_OK(rta, len);
	     rta = RTA_NEXT(rta, len)) {
		const void *d = RTA_DATA(rta);
		size_t dl = RTA_PAYLOAD(rta);
		switch (rta->rta_type) {
		case RTA_DST:
			memcpy(ri->dst, d, dl < sizeof(ri->dst) ? dl : sizeof(ri->dst));
			break;
		case RTA_TABLE:
			if (dl >= sizeof(uint32_t))
				memcpy(&ri->table, d, sizeof(uint32_t));
			break;
		case RTA_PRIORITY:
			if (dl >= sizeof(uint32_t))
				memcpy(&ri->priority, d, sizeof(uint32_t));
			break;
		case RTA_OIF:
			if (dl >= sizeof(uint32_t))
				memcpy(&ri->oif, d, sizeof(uint32_t));
			break;
		case RTA_GATEWAY:
			memcpy(ri->gateway, d, dl < sizeof(ri->gateway) ? dl : sizeof(ri->gateway));
			ri->has_gateway = 1;
			break;
		default:
			break;
		}
	}
	sink += (uint64_t)ri->dst[3] + ri->table + ri->type + ri->priority + ri->oif;
}

/* ------------------------------------------------------------------ */
/* output                                                             */
/* ------------------------------------------------------------------ */

static void report(uint64_t ops, double secs, long long items)
{
	printf("{\"scenario\":\"%s\",\"ops\":%" PRIu64 ",\"seconds\":%.6f,"
	       "\"opsPerSec\":%.0f,\"nsPerOp\":%.1f",
	       scenario_name, ops, secs, (double)ops / secs, secs * 1e9 / (double)ops);
	if (items >= 0) {
		double total = (double)items * (double)ops;
		printf(",\"items\":%lld,\"itemsPerSec\":%.0f,\"nsPerItem\":%.1f", items,
		       total / secs, total > 0 ? secs * 1e9 / total : 0.0);
	}
	printf("}\n");
	fflush(stdout);
}

/* ------------------------------------------------------------------ */
/* scenarios                                                          */
/* ------------------------------------------------------------------ */

/* Reads until the NLMSG_ERROR for `seq`; dies unless it reports success. */
static void wait_ack(int fd, uint32_t seq, const char *what)
{
	for (;;) {
		size_t n = nl_recv(fd);
		int len = (int)n;
		for (const struct nlmsghdr *nh = (const struct nlmsghdr *)rbuf;
		     NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_seq != seq)
				die("%s: unexpected seq %u (want %u)", what, nh->nlmsg_seq, seq);
			if (nh->nlmsg_type != NLMSG_ERROR)
				die("%s: unexpected message type %u", what, nh->nlmsg_type);
			int err = nlmsg_error_code(nh);
			if (err != 0)
				die_nlerr(what, nh, err);
			return;
		}
	}
}

static void put_attr(unsigned char **p, uint16_t type, const void *data, uint16_t len)
{
	struct rtattr *rta = (struct rtattr *)*p;
	rta->rta_type = type;
	rta->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	*p += RTA_SPACE(len);
}

static void run_noop(int fd, uint64_t n)
{
	struct nlmsghdr req = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	double t0 = now_sec();
	for (uint64_t i = 0; i < n; i++) {
		req.nlmsg_seq = (uint32_t)(i + 1);
		nl_send(fd, &req, sizeof(req));
		wait_ack(fd, req.nlmsg_seq, "NLMSG_NOOP");
	}
	report(n, now_sec() - t0, -1);
}

/*
 * N RTM_GETLINK for one link, by ifindex (`name` NULL) or by name
 * (IFLA_IFNAME, ifindex 0), each reply decoded.
 */
static void run_getlink(int fd, uint64_t n, int ifindex, const char *name)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
		unsigned char attrs[RTA_SPACE(IFNAMSIZ)];
	} req;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg));
	req.nh.nlmsg_type = RTM_GETLINK;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = ifindex;
	if (name) {
		size_t len = strlen(name) + 1;
		if (len > IFNAMSIZ)
			die("interface name too long: %s", name);
		unsigned char *a = req.attrs;
		put_attr(&a, IFLA_IFNAME, name, (uint16_t)len);
		req.nh.nlmsg_len = (uint32_t)(NLMSG_SPACE(sizeof(struct ifinfomsg)) + RTA_SPACE(len));
	}
	struct link_info li;

	double t0 = now_sec();
	for (uint64_t i = 0; i < n; i++) {
		uint32_t seq = (uint32_t)(i + 1);
		req.nh.nlmsg_seq = seq;
		nl_send(fd, &req, req.nh.nlmsg_len);

		int links = 0, done = 0;
		while (!done) {
			size_t got = nl_recv(fd);
			int len = (int)got;
			for (const struct nlmsghdr *nh = (const struct nlmsghdr *)rbuf;
			     NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
				if (nh->nlmsg_seq != seq)
					die("unexpected seq %u (want %u)", nh->nlmsg_seq, seq);
				if (nh->nlmsg_type == RTM_NEWLINK) {
					parse_link(nh, &li);
					if (name ? strcmp(li.ifname, name) != 0 : li.ifindex != ifindex)
						die("reply for %s (%d), want %s (%d)", li.ifname, li.ifindex,
						    name ? name : "-", ifindex);
					links++;
				} else if (nh->nlmsg_type == NLMSG_ERROR) {
					int err = nlmsg_error_code(nh);
					if (err != 0)
						die_nlerr("RTM_GETLINK", nh, err);
					done = 1;
				} else {
					die("unexpected message type %u", nh->nlmsg_type);
				}
			}
		}
		if (links != 1)
			die("expected 1 RTM_NEWLINK, got %d", links);
	}
	report(n, now_sec() - t0, -1);
}

/*
 * Reads one dump (request `seq`) to NLMSG_DONE, calling `each` for every
 * message of `type`. Returns the number of such messages.
 */
static long long read_dump(int fd, uint32_t seq, uint16_t type, const char *what,
			   void (*each)(const struct nlmsghdr *, void *), void *ctx)
{
	long long count = 0;
	for (;;) {
		size_t got = nl_recv(fd);
		int len = (int)got;
		for (const struct nlmsghdr *nh = (const struct nlmsghdr *)rbuf;
		     NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_seq != seq)
				die("%s: unexpected seq %u (want %u)", what, nh->nlmsg_seq, seq);
			if (nh->nlmsg_type == NLMSG_DONE) {
				if (nh->nlmsg_len >= NLMSG_LENGTH(sizeof(int))) {
					int err = *(const int *)NLMSG_DATA(nh);
					if (err != 0)
						die_nlerr(what, nh, err);
				}
				if (nh->nlmsg_flags & NLM_F_DUMP_INTR)
					die("%s: dump interrupted (NLM_F_DUMP_INTR)", what);
				return count;
			}
			if (nh->nlmsg_type == NLMSG_ERROR) {
				int err = nlmsg_error_code(nh);
				die_nlerr(what, nh, err ? err : -EPROTO);
			}
			if (nh->nlmsg_type != type)
				die("%s: unexpected message type %u", what, nh->nlmsg_type);
			each(nh, ctx);
			count++;
		}
	}
}

static void each_link(const struct nlmsghdr *nh, void *ctx)
{
	parse_link(nh, ctx);
}

static void run_dump(int fd, uint64_t n)
{
	struct {
		struct nlmsghdr nh;
		struct ifinfomsg ifi;
	} req = {
		.nh = {
			.nlmsg_len = NLMSG_LENGTH(sizeof(struct ifinfomsg)),
			.nlmsg_type = RTM_GETLINK,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		},
		.ifi = { .ifi_family = AF_UNSPEC },
	};
	struct link_info li;
	long long items = 0;

	double t0 = now_sec();
	for (uint64_t i = 0; i < n; i++) {
		req.nh.nlmsg_seq = (uint32_t)(i + 1);
		nl_send(fd, &req, sizeof(req));
		long long c = read_dump(fd, req.nh.nlmsg_seq, RTM_NEWLINK, "RTM_GETLINK dump",
					each_link, &li);
		if (i > 0 && c != items)
			die("link count changed between dumps (%lld -> %lld)", items, c);
		items = c;
	}
	report(n, now_sec() - t0, items);
}

/* Route requests sent in datagrams of up to ROUTE_BATCH, acks counted. */
struct route_sender {
	int fd;
	uint32_t table;
	uint32_t seq;
	uint64_t errors;
	int first_err;
	uint32_t first_err_idx;
	const char *first_op;
	char first_msg[256];
};

/*
 * Sends `cnt` (<= ROUTE_BATCH) requests for the routes 10.x.y.z/32 numbered
 * `first`.. in one datagram: RTM_NEWROUTE (unreachable, static,
 * NLM_F_CREATE|NLM_F_EXCL) when `add`, else RTM_DELROUTE matching any
 * protocol and type. Reads all `cnt` acks; errors are counted, the first kept.
 */
static void send_routes(struct route_sender *rs, uint32_t first, unsigned cnt, int add)
{
	/* nlmsghdr + rtmsg + RTA_DST(4) + RTA_TABLE(4) */
	const size_t msg_len = NLMSG_SPACE(sizeof(struct rtmsg)) + 2 * RTA_SPACE(4);
	uint32_t first_seq = rs->seq + 1;
	unsigned char *p = sbuf;

	for (unsigned k = 0; k < cnt; k++) {
		uint32_t idx = first + k;
		struct nlmsghdr *nh = (struct nlmsghdr *)p;
		nh->nlmsg_len = (uint32_t)msg_len;
		nh->nlmsg_type = add ? RTM_NEWROUTE : RTM_DELROUTE;
		nh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK |
				  (add ? NLM_F_CREATE | NLM_F_EXCL : 0);
		nh->nlmsg_seq = ++rs->seq;
		nh->nlmsg_pid = 0;

		struct rtmsg *rtm = NLMSG_DATA(nh);
		memset(rtm, 0, sizeof(*rtm));
		rtm->rtm_family = AF_INET;
		rtm->rtm_dst_len = 32;
		rtm->rtm_table = rs->table < 256 ? (uint8_t)rs->table : RT_TABLE_UNSPEC;
		rtm->rtm_protocol = add ? RTPROT_STATIC : RTPROT_UNSPEC;
		rtm->rtm_scope = add ? RT_SCOPE_UNIVERSE : RT_SCOPE_NOWHERE;
		rtm->rtm_type = add ? RTN_UNREACHABLE : RTN_UNSPEC;

		/* 10.x.y.z from the counter, network byte order */
		unsigned char dst[4] = { 10, (unsigned char)(idx >> 16),
					 (unsigned char)(idx >> 8), (unsigned char)idx };
		unsigned char *a = p + NLMSG_SPACE(sizeof(struct rtmsg));
		put_attr(&a, RTA_DST, dst, sizeof(dst));
		put_attr(&a, RTA_TABLE, &rs->table, sizeof(rs->table));
		p += msg_len;
	}
	nl_send(rs->fd, sbuf, (size_t)(p - sbuf));

	unsigned acks = 0;
	while (acks < cnt) {
		size_t got = nl_recv(rs->fd);
		int len = (int)got;
		for (const struct nlmsghdr *nh = (const struct nlmsghdr *)rbuf;
		     NLMSG_OK(nh, len); nh = NLMSG_NEXT(nh, len)) {
			if (nh->nlmsg_type != NLMSG_ERROR)
				die("unexpected message type %u", nh->nlmsg_type);
			if (nh->nlmsg_seq < first_seq || nh->nlmsg_seq > rs->seq)
				die("ack with seq %u outside batch [%u, %u]",
				    nh->nlmsg_seq, first_seq, rs->seq);
			int err = nlmsg_error_code(nh);
			if (err != 0 && rs->errors++ == 0) {
				const char *m = extack_msg(nh);
				rs->first_err = err;
				rs->first_err_idx = first + (nh->nlmsg_seq - first_seq);
				rs->first_op = add ? "RTM_NEWROUTE" : "RTM_DELROUTE";
				snprintf(rs->first_msg, sizeof(rs->first_msg), "%s", m ? m : "");
			}
			acks++;
		}
	}
}

static void routes_check(const struct route_sender *rs, uint64_t n)
{
	if (!rs->errors)
		return;
	uint32_t idx = rs->first_err_idx;
	die("%" PRIu64 " of %" PRIu64 " requests failed; first: %s 10.%u.%u.%u/32: %s%s%s",
	    rs->errors, n, rs->first_op, (idx >> 16) & 255, (idx >> 8) & 255, idx & 255,
	    strerror(-rs->first_err), rs->first_msg[0] ? ": " : "", rs->first_msg);
}

static void routes_limits(void)
{
	const size_t msg_len = NLMSG_SPACE(sizeof(struct rtmsg)) + 2 * RTA_SPACE(4);
	if (ROUTE_BATCH * msg_len > sizeof(sbuf))
		die("send buffer too small");
}

/* routes-add (add) and routes-del (!add): N requests, ROUTE_BATCH per datagram. */
static void run_routes(int fd, uint64_t n, uint32_t table, int add)
{
	struct route_sender rs = { .fd = fd, .table = table };
	routes_limits();
	double t0 = now_sec();
	for (uint64_t base = 0; base < n; base += ROUTE_BATCH) {
		unsigned cnt = (unsigned)(n - base < ROUTE_BATCH ? n - base : ROUTE_BATCH);
		send_routes(&rs, (uint32_t)base, cnt, add);
	}
	double secs = now_sec() - t0;
	routes_check(&rs, n);
	report(n, secs, -1);
}

/*
 * routes-churn: adds N routes then deletes them (2N route events), paced at
 * RATE requests per second (0: as fast as possible, ROUTE_BATCH per
 * datagram). Paced, the requests due go out together in one datagram, and
 * the program sleeps when none is due. A producer that falls behind does
 * not catch up in a burst: it never owes more than 1 ms of requests (the
 * schedule slips instead), so the rate stays smooth at 1 ms granularity and
 * the achieved rate, which is reported, may be lower than RATE.
 */
static void run_routes_churn(int fd, uint64_t n, uint32_t table, uint64_t rate)
{
	struct route_sender rs = { .fd = fd, .table = table };
	uint64_t total = 2 * n, done = 0;
	uint64_t max_debt = rate / 1000 ? rate / 1000 : 1;
	routes_limits();
	double t0 = now_sec(), start = t0;
	while (done < total) {
		uint64_t due = total;
		if (rate) {
			double el = now_sec() - t0;
			due = (uint64_t)(el * (double)rate) + 1;
			if (due > done + max_debt) {
				t0 += (double)(due - done - max_debt) / (double)rate;
				due = done + max_debt;
			}
			if (due > total)
				due = total;
			if (due <= done) {
				double wait = (double)(done + 1) / (double)rate - el;
				struct timespec ts = { .tv_sec = (time_t)wait,
						       .tv_nsec = (long)((wait - (double)(time_t)wait) * 1e9) };
				nanosleep(&ts, NULL);
				continue;
			}
		}
		int add = done < n;
		uint64_t end = add && due > n ? n : due; /* never mix adds and deletes */
		unsigned cnt = (unsigned)(end - done < ROUTE_BATCH ? end - done : ROUTE_BATCH);
		send_routes(&rs, (uint32_t)(add ? done : done - n), cnt, add);
		done += cnt;
	}
	double secs = now_sec() - start;
	routes_check(&rs, total);
	report(total, secs, -1);
}

struct route_ctx {
	uint32_t table;
	long long in_table;
	struct route_info ri;
};

static void each_route(const struct nlmsghdr *nh, void *ctx)
{
	struct route_ctx *rc = ctx;
	parse_route(nh, &rc->ri);
	if (rc->ri.table == rc->table)
		rc->in_table++;
}

static void run_routes_dump(int fd, uint64_t n, uint32_t table)
{
	/* Strict checking is on: the kernel filters on the RTA_TABLE attribute.
	 * Routes are still counted by their table, as a cross-check. */
	struct {
		struct nlmsghdr nh;
		struct rtmsg rtm;
		unsigned char attrs[RTA_SPACE(4)];
	} req;
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = sizeof(req);
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.rtm.rtm_family = AF_INET;
	unsigned char *a = req.attrs;
	put_attr(&a, RTA_TABLE, &table, sizeof(table));

	struct route_ctx rc = { .table = table };
	long long items = 0;

	double t0 = now_sec();
	for (uint64_t i = 0; i < n; i++) {
		req.nh.nlmsg_seq = (uint32_t)(i + 1);
		nl_send(fd, &req, sizeof(req));
		rc.in_table = 0;
		long long total = read_dump(fd, req.nh.nlmsg_seq, RTM_NEWROUTE,
					    "RTM_GETROUTE dump", each_route, &rc);
		if (total != rc.in_table)
			die("table filter leaked: %lld routes, %lld in table %u", total,
			    rc.in_table, table);
		items = rc.in_table;
	}
	report(n, now_sec() - t0, items);
}

/*
 * A fixed loop on one CPU: on a shared host a CPU can run at a fraction of
 * its speed for a while, which changes the ratios of two-threaded runs.
 */
static void run_cpu_speed(uint64_t n, int cpu)
{
	cpu_set_t one;
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (sched_setaffinity(0, sizeof(one), &one) < 0)
		die("sched_setaffinity cpu %d: %s", cpu, strerror(errno));
	volatile uint64_t sum = 0;
	double t0 = now_sec();
	for (uint64_t i = 0; i < n; i++)
		sum += i;
	report(n, now_sec() - t0, -1);
}

/* ------------------------------------------------------------------ */
/* main                                                               */
/* ------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr,
		"usage: baseline SCENARIO [args] [--netns PATH]\n"
		"  noop N\n"
		"  getlink N IFINDEX\n"
		"  getlink-name N IFNAME\n"
		"  dump N\n"
		"  routes-add N TABLE\n"
		"  routes-del N TABLE\n"
		"  routes-churn N TABLE RATE\n"
		"  routes-dump TABLE [N]\n"
		"  cpu-speed N CPU\n");
	exit(2);
}

static uint64_t parse_u64(const char *s, const char *what, uint64_t min, uint64_t max)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < min || v > max)
		die("invalid %s '%s' (want %" PRIu64 "..%" PRIu64 ")", what, s, min, max);
	return v;
}

int main(int argc, char **argv)
{
	const char *netns = NULL;
	char *pos[8];
	int npos = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--netns") == 0) {
			if (++i >= argc)
				usage();
			netns = argv[i];
		} else if (strncmp(argv[i], "--netns=", 8) == 0) {
			netns = argv[i] + 8;
		} else if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			usage();
		} else if (npos < (int)(sizeof(pos) / sizeof(pos[0]))) {
			pos[npos++] = argv[i];
		} else {
			usage();
		}
	}
	if (npos < 1)
		usage();
	scenario_name = pos[0];

	if (netns) {
		int nsfd = open(netns, O_RDONLY | O_CLOEXEC);
		if (nsfd < 0)
			die("open %s: %s", netns, strerror(errno));
		if (setns(nsfd, CLONE_NEWNET) < 0)
			die("setns %s: %s", netns, strerror(errno));
		close(nsfd);
	}

	const char *sc = pos[0];
	if (strcmp(sc, "noop") == 0 && npos == 2) {
		uint64_t n = parse_u64(pos[1], "N", 1, UINT32_MAX);
		run_noop(nl_open(0), n);
	} else if (strcmp(sc, "getlink") == 0 && npos == 3) {
		uint64_t n = parse_u64(pos[1], "N", 1, UINT32_MAX);
		int ifindex = (int)parse_u64(pos[2], "IFINDEX", 1, INT_MAX);
		run_getlink(nl_open(0), n, ifindex, NULL);
	} else if (strcmp(sc, "getlink-name") == 0 && npos == 3) {
		uint64_t n = parse_u64(pos[1], "N", 1, UINT32_MAX);
		run_getlink(nl_open(0), n, 0, pos[2]);
	} else if (strcmp(sc, "dump") == 0 && npos == 2) {
		uint64_t n = parse_u64(pos[1], "N", 1, UINT32_MAX);
		run_dump(nl_open(0), n);
	} else if (strcmp(sc, "routes-add") == 0 && npos == 3) {
		uint64_t n = parse_u64(pos[1], "N", 1, 1u << 24);
		uint32_t table = (uint32_t)parse_u64(pos[2], "TABLE", 1, UINT32_MAX);
		run_routes(nl_open(0), n, table, 1);
	} else if (strcmp(sc, "routes-del") == 0 && npos == 3) {
		uint64_t n = parse_u64(pos[1], "N", 1, 1u << 24);
		uint32_t table = (uint32_t)parse_u64(pos[2], "TABLE", 1, UINT32_MAX);
		run_routes(nl_open(0), n, table, 0);
	} else if (strcmp(sc, "routes-churn") == 0 && npos == 4) {
		uint64_t n = parse_u64(pos[1], "N", 1, 1u << 24);
		uint32_t table = (uint32_t)parse_u64(pos[2], "TABLE", 1, UINT32_MAX);
		uint64_t rate = parse_u64(pos[3], "RATE", 0, UINT32_MAX);
		run_routes_churn(nl_open(0), n, table, rate);
	} else if (strcmp(sc, "routes-dump") == 0 && (npos == 2 || npos == 3)) {
		uint32_t table = (uint32_t)parse_u64(pos[1], "TABLE", 1, UINT32_MAX);
		uint64_t n = npos == 3 ? parse_u64(pos[2], "N", 1, UINT32_MAX) : 1;
		run_routes_dump(nl_open(1), n, table);
	} else if (strcmp(sc, "cpu-speed") == 0 && npos == 3) {
		uint64_t n = parse_u64(pos[1], "N", 1, UINT64_MAX);
		int cpu = (int)parse_u64(pos[2], "CPU", 0, CPU_SETSIZE - 1);
		run_cpu_speed(n, cpu);
	} else {
		usage();
	}
	return 0;
}
