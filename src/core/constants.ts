/**
 * Netlink constants, named exactly as in the kernel UAPI headers with the
 * common prefix moved into the table name (`NLM_F.REQUEST` is `NLM_F_REQUEST`).
 *
 * Every table listed in {@link UAPI_CONSTANT_TABLES} is compared with the
 * installed `/usr/include/linux` headers by the UAPI audit test.
 *
 * @module
 */

/** Netlink protocol numbers (`NETLINK_*`, linux/netlink.h). */
export const NETLINK = {
  ROUTE: 0,
  UNUSED: 1,
  USERSOCK: 2,
  FIREWALL: 3,
  SOCK_DIAG: 4,
  NFLOG: 5,
  XFRM: 6,
  SELINUX: 7,
  ISCSI: 8,
  AUDIT: 9,
  FIB_LOOKUP: 10,
  CONNECTOR: 11,
  NETFILTER: 12,
  IP6_FW: 13,
  DNRTMSG: 14,
  KOBJECT_UEVENT: 15,
  GENERIC: 16,
  SCSITRANSPORT: 18,
  ECRYPTFS: 19,
  RDMA: 20,
  CRYPTO: 21,
  SMC: 22,
} as const;

/** Netlink socket options at level {@link SOL.NETLINK} (`NETLINK_*`, linux/netlink.h). */
export const NETLINK_OPT = {
  ADD_MEMBERSHIP: 1,
  DROP_MEMBERSHIP: 2,
  PKTINFO: 3,
  BROADCAST_ERROR: 4,
  NO_ENOBUFS: 5,
  LISTEN_ALL_NSID: 8,
  LIST_MEMBERSHIPS: 9,
  CAP_ACK: 10,
  EXT_ACK: 11,
  GET_STRICT_CHK: 12,
} as const;

/** Socket option levels. `SOL_SOCKET` is from asm-generic/socket.h, `SOL_NETLINK` from linux/socket.h. */
export const SOL = {
  SOCKET: 1,
  NETLINK: 270,
} as const;

/** Socket-level options used by netlink sockets (asm-generic/socket.h). */
export const SO = {
  SNDBUF: 7,
  RCVBUF: 8,
  SNDBUFFORCE: 32,
  RCVBUFFORCE: 33,
} as const;

/** Control message types (`NLMSG_*`, linux/netlink.h). */
export const NLMSG = {
  NOOP: 0x1,
  ERROR: 0x2,
  DONE: 0x3,
  OVERRUN: 0x4,
  MIN_TYPE: 0x10,
} as const;

/** Message header flags (`NLM_F_*`, linux/netlink.h). */
export const NLM_F = {
  REQUEST: 0x01,
  MULTI: 0x02,
  ACK: 0x04,
  ECHO: 0x08,
  DUMP_INTR: 0x10,
  DUMP_FILTERED: 0x20,
  ROOT: 0x100,
  MATCH: 0x200,
  ATOMIC: 0x400,
  DUMP: 0x300,
  REPLACE: 0x100,
  EXCL: 0x200,
  CREATE: 0x400,
  APPEND: 0x800,
  NONREC: 0x100,
  BULK: 0x200,
  CAPPED: 0x100,
  ACK_TLVS: 0x200,
} as const;

/** Extended-ack attributes of an `NLMSG_ERROR`/`NLMSG_DONE` (`NLMSGERR_ATTR_*`). */
export const NLMSGERR_ATTR = {
  UNUSED: 0,
  MSG: 1,
  OFFS: 2,
  COOKIE: 3,
  POLICY: 4,
  MISS_TYPE: 5,
  MISS_NEST: 6,
} as const;

/** Policy description attributes nested in `NLMSGERR_ATTR_POLICY` (`NL_POLICY_TYPE_ATTR_*`). */
export const NL_POLICY_TYPE_ATTR = {
  UNSPEC: 0,
  TYPE: 1,
  MIN_VALUE_S: 2,
  MAX_VALUE_S: 3,
  MIN_VALUE_U: 4,
  MAX_VALUE_U: 5,
  MIN_LENGTH: 6,
  MAX_LENGTH: 7,
  POLICY_IDX: 8,
  POLICY_MAXTYPE: 9,
  BITFIELD32_MASK: 10,
  PAD: 11,
  MASK: 12,
} as const;

/** Attribute type flag bits (`NLA_F_*`) and the type mask. */
export const NLA_F = {
  NESTED: 1 << 15,
  NET_BYTEORDER: 1 << 14,
} as const;

/** `NLA_TYPE_MASK`: the attribute type without {@link NLA_F} bits. */
export const NLA_TYPE_MASK = ~(NLA_F.NESTED | NLA_F.NET_BYTEORDER) & 0xffff;

/** Address families (`AF_*`, linux/socket.h). */
export const AF = {
  UNSPEC: 0,
  UNIX: 1,
  INET: 2,
  BRIDGE: 7,
  INET6: 10,
  NETLINK: 16,
  PACKET: 17,
  MPLS: 28,
} as const;

/** rtnetlink message types (`RTM_*`, linux/rtnetlink.h). */
export const RTM = {
  NEWLINK: 16,
  DELLINK: 17,
  GETLINK: 18,
  SETLINK: 19,
  NEWADDR: 20,
  DELADDR: 21,
  GETADDR: 22,
  NEWROUTE: 24,
  DELROUTE: 25,
  GETROUTE: 26,
  NEWNEIGH: 28,
  DELNEIGH: 29,
  GETNEIGH: 30,
  NEWRULE: 32,
  DELRULE: 33,
  GETRULE: 34,
  NEWQDISC: 36,
  DELQDISC: 37,
  GETQDISC: 38,
  NEWTCLASS: 40,
  DELTCLASS: 41,
  GETTCLASS: 42,
  NEWTFILTER: 44,
  DELTFILTER: 45,
  GETTFILTER: 46,
  NEWACTION: 48,
  DELACTION: 49,
  GETACTION: 50,
  NEWPREFIX: 52,
  GETMULTICAST: 58,
  GETANYCAST: 62,
  NEWNEIGHTBL: 64,
  GETNEIGHTBL: 66,
  SETNEIGHTBL: 67,
  NEWNDUSEROPT: 68,
  NEWADDRLABEL: 72,
  DELADDRLABEL: 73,
  GETADDRLABEL: 74,
  GETDCB: 78,
  SETDCB: 79,
  NEWNETCONF: 80,
  DELNETCONF: 81,
  GETNETCONF: 82,
  NEWMDB: 84,
  DELMDB: 85,
  GETMDB: 86,
  NEWNSID: 88,
  DELNSID: 89,
  GETNSID: 90,
  NEWSTATS: 92,
  GETSTATS: 94,
  NEWCACHEREPORT: 96,
  NEWCHAIN: 100,
  DELCHAIN: 101,
  GETCHAIN: 102,
  NEWNEXTHOP: 104,
  DELNEXTHOP: 105,
  GETNEXTHOP: 106,
  NEWLINKPROP: 108,
  DELLINKPROP: 109,
  GETLINKPROP: 110,
  NEWVLAN: 112,
  DELVLAN: 113,
  GETVLAN: 114,
  NEWNEXTHOPBUCKET: 116,
  DELNEXTHOPBUCKET: 117,
  GETNEXTHOPBUCKET: 118,
  NEWTUNNEL: 120,
  DELTUNNEL: 121,
  GETTUNNEL: 122,
} as const;

/** rtnetlink multicast groups (`RTNLGRP_*`, linux/rtnetlink.h), for ADD_MEMBERSHIP. */
export const RTNLGRP = {
  NONE: 0,
  LINK: 1,
  NOTIFY: 2,
  NEIGH: 3,
  TC: 4,
  IPV4_IFADDR: 5,
  IPV4_MROUTE: 6,
  IPV4_ROUTE: 7,
  IPV4_RULE: 8,
  IPV6_IFADDR: 9,
  IPV6_MROUTE: 10,
  IPV6_ROUTE: 11,
  IPV6_IFINFO: 12,
  DECnet_IFADDR: 13,
  NOP2: 14,
  DECnet_ROUTE: 15,
  DECnet_RULE: 16,
  NOP4: 17,
  IPV6_PREFIX: 18,
  IPV6_RULE: 19,
  ND_USEROPT: 20,
  PHONET_IFADDR: 21,
  PHONET_ROUTE: 22,
  DCB: 23,
  IPV4_NETCONF: 24,
  IPV6_NETCONF: 25,
  MDB: 26,
  MPLS_ROUTE: 27,
  NSID: 28,
  MPLS_NETCONF: 29,
  IPV4_MROUTE_R: 30,
  IPV6_MROUTE_R: 31,
  NEXTHOP: 32,
  BRVLAN: 33,
  MCTP_IFADDR: 34,
  TUNNEL: 35,
  STATS: 36,
} as const;

/** Link attributes (`IFLA_*`, linux/if_link.h). */
export const IFLA = {
  UNSPEC: 0,
  ADDRESS: 1,
  BROADCAST: 2,
  IFNAME: 3,
  MTU: 4,
  LINK: 5,
  QDISC: 6,
  STATS: 7,
  COST: 8,
  PRIORITY: 9,
  MASTER: 10,
  WIRELESS: 11,
  PROTINFO: 12,
  TXQLEN: 13,
  MAP: 14,
  WEIGHT: 15,
  OPERSTATE: 16,
  LINKMODE: 17,
  LINKINFO: 18,
  NET_NS_PID: 19,
  IFALIAS: 20,
  NUM_VF: 21,
  VFINFO_LIST: 22,
  STATS64: 23,
  VF_PORTS: 24,
  PORT_SELF: 25,
  AF_SPEC: 26,
  GROUP: 27,
  NET_NS_FD: 28,
  EXT_MASK: 29,
  PROMISCUITY: 30,
  NUM_TX_QUEUES: 31,
  NUM_RX_QUEUES: 32,
  CARRIER: 33,
  PHYS_PORT_ID: 34,
  CARRIER_CHANGES: 35,
  PHYS_SWITCH_ID: 36,
  LINK_NETNSID: 37,
  PHYS_PORT_NAME: 38,
  PROTO_DOWN: 39,
  GSO_MAX_SEGS: 40,
  GSO_MAX_SIZE: 41,
  PAD: 42,
  XDP: 43,
  EVENT: 44,
  NEW_NETNSID: 45,
  IF_NETNSID: 46,
  TARGET_NETNSID: 46,
  CARRIER_UP_COUNT: 47,
  CARRIER_DOWN_COUNT: 48,
  NEW_IFINDEX: 49,
  MIN_MTU: 50,
  MAX_MTU: 51,
  PROP_LIST: 52,
  ALT_IFNAME: 53,
  PERM_ADDRESS: 54,
  PROTO_DOWN_REASON: 55,
  PARENT_DEV_NAME: 56,
  PARENT_DEV_BUS_NAME: 57,
  GRO_MAX_SIZE: 58,
  TSO_MAX_SIZE: 59,
  TSO_MAX_SEGS: 60,
  ALLMULTI: 61,
} as const;

/** Attributes nested in `IFLA_LINKINFO` (`IFLA_INFO_*`). */
export const IFLA_INFO = {
  UNSPEC: 0,
  KIND: 1,
  DATA: 2,
  XSTATS: 3,
  SLAVE_KIND: 4,
  SLAVE_DATA: 5,
} as const;

/** Interface flags (`IFF_*`, linux/if.h). */
export const IFF = {
  UP: 0x1,
  BROADCAST: 0x2,
  DEBUG: 0x4,
  LOOPBACK: 0x8,
  POINTOPOINT: 0x10,
  NOTRAILERS: 0x20,
  RUNNING: 0x40,
  NOARP: 0x80,
  PROMISC: 0x100,
  ALLMULTI: 0x200,
  MASTER: 0x400,
  SLAVE: 0x800,
  MULTICAST: 0x1000,
  PORTSEL: 0x2000,
  AUTOMEDIA: 0x4000,
  DYNAMIC: 0x8000,
  LOWER_UP: 0x10000,
  DORMANT: 0x20000,
  ECHO: 0x40000,
} as const;

/** RFC 2863 operational states (`IF_OPER_*`, linux/if.h). */
export const IF_OPER = {
  UNKNOWN: 0,
  NOTPRESENT: 1,
  DOWN: 2,
  LOWERLAYERDOWN: 3,
  TESTING: 4,
  DORMANT: 5,
  UP: 6,
} as const;

/** `RTEXT_FILTER_*` bits for `IFLA_EXT_MASK` (linux/rtnetlink.h). */
export const RTEXT_FILTER = {
  VF: 1 << 0,
  BRVLAN: 1 << 1,
  BRVLAN_COMPRESSED: 1 << 2,
  SKIP_STATS: 1 << 3,
  MRP: 1 << 4,
  CFM_CONFIG: 1 << 5,
  CFM_STATUS: 1 << 6,
} as const;

/** `IFNAMSIZ` (linux/if.h): interface names are at most `IFNAMSIZ - 1` bytes. */
export const IFNAMSIZ = 16;

/**
 * The constant tables the UAPI audit compares with the kernel headers:
 * `prefix + key` must be a C constant of that value in one of `headers`.
 */
export const UAPI_CONSTANT_TABLES: readonly {
  readonly prefix: string;
  readonly table: Readonly<Record<string, number>>;
  readonly headers: readonly string[];
}[] = [
  { prefix: 'NETLINK_', table: NETLINK, headers: ['linux/netlink.h'] },
  { prefix: 'NETLINK_', table: NETLINK_OPT, headers: ['linux/netlink.h'] },
  { prefix: 'SOL_', table: SOL, headers: ['sys/socket.h'] },
  { prefix: 'SO_', table: SO, headers: ['sys/socket.h'] },
  { prefix: 'NLMSG_', table: NLMSG, headers: ['linux/netlink.h'] },
  { prefix: 'NLM_F_', table: NLM_F, headers: ['linux/netlink.h'] },
  { prefix: 'NLMSGERR_ATTR_', table: NLMSGERR_ATTR, headers: ['linux/netlink.h'] },
  { prefix: 'NL_POLICY_TYPE_ATTR_', table: NL_POLICY_TYPE_ATTR, headers: ['linux/netlink.h'] },
  { prefix: 'NLA_F_', table: NLA_F, headers: ['linux/netlink.h'] },
  { prefix: 'AF_', table: AF, headers: ['sys/socket.h'] },
  { prefix: 'RTM_', table: RTM, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTNLGRP_', table: RTNLGRP, headers: ['linux/rtnetlink.h'] },
  { prefix: 'IFLA_', table: IFLA, headers: ['linux/if_link.h'] },
  { prefix: 'IFLA_INFO_', table: IFLA_INFO, headers: ['linux/if_link.h'] },
  { prefix: 'IFF_', table: IFF, headers: ['linux/if.h'] },
  { prefix: 'IF_OPER_', table: IF_OPER, headers: ['linux/if.h'] },
  { prefix: 'RTEXT_FILTER_', table: RTEXT_FILTER, headers: ['linux/rtnetlink.h'] },
  { prefix: '', table: { IFNAMSIZ, NLA_TYPE_MASK }, headers: ['linux/if.h', 'linux/netlink.h'] },
];
