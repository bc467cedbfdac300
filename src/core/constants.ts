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

/** Address attributes (`IFA_*`, linux/if_addr.h). */
export const IFA = {
  UNSPEC: 0,
  ADDRESS: 1,
  LOCAL: 2,
  LABEL: 3,
  BROADCAST: 4,
  ANYCAST: 5,
  CACHEINFO: 6,
  MULTICAST: 7,
  FLAGS: 8,
  RT_PRIORITY: 9,
  TARGET_NETNSID: 10,
  PROTO: 11,
} as const;

/** Address flags (`IFA_F_*`, linux/if_addr.h): the low 8 in `ifa_flags`, all of them in `IFA_FLAGS`. */
export const IFA_F = {
  SECONDARY: 0x01,
  TEMPORARY: 0x01,
  NODAD: 0x02,
  OPTIMISTIC: 0x04,
  DADFAILED: 0x08,
  HOMEADDRESS: 0x10,
  DEPRECATED: 0x20,
  TENTATIVE: 0x40,
  PERMANENT: 0x80,
  MANAGETEMPADDR: 0x100,
  NOPREFIXROUTE: 0x200,
  MCAUTOJOIN: 0x400,
  STABLE_PRIVACY: 0x800,
} as const;

/** Route attributes (`RTA_*`, linux/rtnetlink.h). */
export const RTA = {
  UNSPEC: 0,
  DST: 1,
  SRC: 2,
  IIF: 3,
  OIF: 4,
  GATEWAY: 5,
  PRIORITY: 6,
  PREFSRC: 7,
  METRICS: 8,
  MULTIPATH: 9,
  PROTOINFO: 10,
  FLOW: 11,
  CACHEINFO: 12,
  SESSION: 13,
  MP_ALGO: 14,
  TABLE: 15,
  MARK: 16,
  MFC_STATS: 17,
  VIA: 18,
  NEWDST: 19,
  PREF: 20,
  ENCAP_TYPE: 21,
  ENCAP: 22,
  EXPIRES: 23,
  PAD: 24,
  UID: 25,
  TTL_PROPAGATE: 26,
  IP_PROTO: 27,
  SPORT: 28,
  DPORT: 29,
  NH_ID: 30,
} as const;

/** Route types (`RTN_*`, linux/rtnetlink.h). */
export const RTN = {
  UNSPEC: 0,
  UNICAST: 1,
  LOCAL: 2,
  BROADCAST: 3,
  ANYCAST: 4,
  MULTICAST: 5,
  BLACKHOLE: 6,
  UNREACHABLE: 7,
  PROHIBIT: 8,
  THROW: 9,
  NAT: 10,
  XRESOLVE: 11,
} as const;

/** Route origins (`RTPROT_*`, linux/rtnetlink.h). */
export const RTPROT = {
  UNSPEC: 0,
  REDIRECT: 1,
  KERNEL: 2,
  BOOT: 3,
  STATIC: 4,
  GATED: 8,
  RA: 9,
  MRT: 10,
  ZEBRA: 11,
  BIRD: 12,
  DNROUTED: 13,
  XORP: 14,
  NTK: 15,
  DHCP: 16,
  MROUTED: 17,
  KEEPALIVED: 18,
  BABEL: 42,
  OPENR: 99,
  BGP: 186,
  ISIS: 187,
  OSPF: 188,
  RIP: 189,
  EIGRP: 192,
} as const;

/** Route and address scopes (`RT_SCOPE_*`, linux/rtnetlink.h). */
export const RT_SCOPE = {
  UNIVERSE: 0,
  SITE: 200,
  LINK: 253,
  HOST: 254,
  NOWHERE: 255,
} as const;

/** Reserved routing table ids (`RT_TABLE_*`, linux/rtnetlink.h). */
export const RT_TABLE = {
  UNSPEC: 0,
  COMPAT: 252,
  DEFAULT: 253,
  MAIN: 254,
  LOCAL: 255,
  MAX: 0xffffffff,
} as const;

/** Route message flags (`RTM_F_*`, linux/rtnetlink.h). */
export const RTM_F = {
  NOTIFY: 0x100,
  CLONED: 0x200,
  EQUALIZE: 0x400,
  PREFIX: 0x800,
  LOOKUP_TABLE: 0x1000,
  FIB_MATCH: 0x2000,
  OFFLOAD: 0x4000,
  TRAP: 0x8000,
  OFFLOAD_FAILED: 0x20000000,
} as const;

/** Next-hop flags (`RTNH_F_*`, linux/rtnetlink.h), in `rtnh_flags`, `rtm_flags` and `nh_flags`. */
export const RTNH_F = {
  DEAD: 1,
  PERVASIVE: 2,
  ONLINK: 4,
  OFFLOAD: 8,
  LINKDOWN: 16,
  UNRESOLVED: 32,
  TRAP: 64,
} as const;

/** Route metrics nested in `RTA_METRICS` (`RTAX_*`, linux/rtnetlink.h). */
export const RTAX = {
  UNSPEC: 0,
  LOCK: 1,
  MTU: 2,
  WINDOW: 3,
  RTT: 4,
  RTTVAR: 5,
  SSTHRESH: 6,
  CWND: 7,
  ADVMSS: 8,
  REORDERING: 9,
  HOPLIMIT: 10,
  INITCWND: 11,
  FEATURES: 12,
  RTO_MIN: 13,
  INITRWND: 14,
  QUICKACK: 15,
  CC_ALGO: 16,
  FASTOPEN_NO_COOKIE: 17,
} as const;

/** `RTAX_FEATURES` bits (`RTAX_FEATURE_*`, linux/rtnetlink.h). */
export const RTAX_FEATURE = {
  ECN: 1 << 0,
  SACK: 1 << 1,
  TIMESTAMP: 1 << 2,
  ALLFRAG: 1 << 3,
} as const;

/** Lightweight tunnel encapsulation types (`LWTUNNEL_ENCAP_*`, linux/lwtunnel.h). */
export const LWTUNNEL_ENCAP = {
  NONE: 0,
  MPLS: 1,
  IP: 2,
  ILA: 3,
  IP6: 4,
  SEG6: 5,
  BPF: 6,
  SEG6_LOCAL: 7,
  RPL: 8,
  IOAM6: 9,
  XFRM: 10,
} as const;

/** `LWTUNNEL_ENCAP_IP` attributes (`LWTUNNEL_IP_*`, linux/lwtunnel.h). */
export const LWTUNNEL_IP = {
  UNSPEC: 0,
  ID: 1,
  DST: 2,
  SRC: 3,
  TTL: 4,
  TOS: 5,
  FLAGS: 6,
  PAD: 7,
  OPTS: 8,
} as const;

/** `LWTUNNEL_ENCAP_IP6` attributes (`LWTUNNEL_IP6_*`, linux/lwtunnel.h). */
export const LWTUNNEL_IP6 = {
  UNSPEC: 0,
  ID: 1,
  DST: 2,
  SRC: 3,
  HOPLIMIT: 4,
  TC: 5,
  FLAGS: 6,
  PAD: 7,
  OPTS: 8,
} as const;

/** `LWTUNNEL_ENCAP_MPLS` attributes (`MPLS_IPTUNNEL_*`, linux/mpls_iptunnel.h). */
export const MPLS_IPTUNNEL = {
  UNSPEC: 0,
  DST: 1,
  TTL: 2,
} as const;

/** MPLS label stack entry layout (`MPLS_LS_*`, linux/mpls.h). */
export const MPLS_LS = {
  LABEL_MASK: 0xfffff000,
  LABEL_SHIFT: 12,
  TC_MASK: 0x00000e00,
  TC_SHIFT: 9,
  S_MASK: 0x00000100,
  S_SHIFT: 8,
  TTL_MASK: 0x000000ff,
  TTL_SHIFT: 0,
} as const;

/** `LWTUNNEL_ENCAP_SEG6` attributes (`SEG6_IPTUNNEL_*`, linux/seg6_iptunnel.h). */
export const SEG6_IPTUNNEL = {
  UNSPEC: 0,
  SRH: 1,
} as const;

/** seg6 encapsulation modes (`SEG6_IPTUN_MODE_*`, linux/seg6_iptunnel.h). */
export const SEG6_IPTUN_MODE = {
  INLINE: 0,
  ENCAP: 1,
  L2ENCAP: 2,
  ENCAP_RED: 3,
  L2ENCAP_RED: 4,
} as const;

/** Segment routing header flags (`SR6_FLAG1_*`) and TLV types (`SR6_TLV_*`), linux/seg6.h. */
export const SR6 = {
  FLAG1_PROTECTED: 1 << 6,
  FLAG1_OAM: 1 << 5,
  FLAG1_ALERT: 1 << 4,
  FLAG1_HMAC: 1 << 3,
  TLV_INGRESS: 1,
  TLV_EGRESS: 2,
  TLV_OPAQUE: 3,
  TLV_PADDING: 4,
  TLV_HMAC: 5,
} as const;

/** `LWTUNNEL_ENCAP_SEG6_LOCAL` attributes (`SEG6_LOCAL_*`, linux/seg6_local.h). */
export const SEG6_LOCAL = {
  UNSPEC: 0,
  ACTION: 1,
  SRH: 2,
  TABLE: 3,
  NH4: 4,
  NH6: 5,
  IIF: 6,
  OIF: 7,
  BPF: 8,
  VRFTABLE: 9,
  COUNTERS: 10,
  FLAVORS: 11,
} as const;

/** SRv6 local behaviours (`SEG6_LOCAL_ACTION_*`, linux/seg6_local.h). */
export const SEG6_LOCAL_ACTION = {
  UNSPEC: 0,
  END: 1,
  END_X: 2,
  END_T: 3,
  END_DX2: 4,
  END_DX6: 5,
  END_DX4: 6,
  END_DT6: 7,
  END_DT4: 8,
  END_B6: 9,
  END_B6_ENCAP: 10,
  END_BM: 11,
  END_S: 12,
  END_AS: 13,
  END_AM: 14,
  END_BPF: 15,
  END_DT46: 16,
} as const;

/** `SEG6_LOCAL_BPF` attributes (`SEG6_LOCAL_BPF_PROG*`, linux/seg6_local.h). */
export const SEG6_LOCAL_BPF = {
  PROG_UNSPEC: 0,
  PROG: 1,
  PROG_NAME: 2,
} as const;

/** `SEG6_LOCAL_COUNTERS` attributes (`SEG6_LOCAL_CNT_*`, linux/seg6_local.h). */
export const SEG6_LOCAL_CNT = {
  UNSPEC: 0,
  PAD: 1,
  PACKETS: 2,
  BYTES: 3,
  ERRORS: 4,
} as const;

/** `SEG6_LOCAL_FLAVORS` attributes (`SEG6_LOCAL_FLV_*`, linux/seg6_local.h). */
export const SEG6_LOCAL_FLV = {
  UNSPEC: 0,
  OPERATION: 1,
  LCBLOCK_BITS: 2,
  LCNODE_FN_BITS: 3,
} as const;

/** SRv6 flavor operations, as bit numbers of `SEG6_LOCAL_FLV_OPERATION` (`SEG6_LOCAL_FLV_OP_*`). */
export const SEG6_LOCAL_FLV_OP = {
  UNSPEC: 0,
  PSP: 1,
  USP: 2,
  USD: 3,
  NEXT_CSID: 4,
} as const;

/** Nexthop object attributes (`NHA_*`, linux/nexthop.h). */
export const NHA = {
  UNSPEC: 0,
  ID: 1,
  GROUP: 2,
  GROUP_TYPE: 3,
  BLACKHOLE: 4,
  OIF: 5,
  GATEWAY: 6,
  ENCAP_TYPE: 7,
  ENCAP: 8,
  GROUPS: 9,
  MASTER: 10,
  FDB: 11,
  RES_GROUP: 12,
  RES_BUCKET: 13,
} as const;

/** Nexthop group types (`NEXTHOP_GRP_TYPE_*`, linux/nexthop.h). */
export const NEXTHOP_GRP_TYPE = {
  MPATH: 0,
  RES: 1,
} as const;

/** Resilient group attributes nested in `NHA_RES_GROUP` (`NHA_RES_GROUP_*`, linux/nexthop.h). */
export const NHA_RES_GROUP = {
  PAD: 0,
  BUCKETS: 1,
  IDLE_TIMER: 2,
  UNBALANCED_TIMER: 3,
  UNBALANCED_TIME: 4,
} as const;

/** Bucket attributes nested in `NHA_RES_BUCKET` (`NHA_RES_BUCKET_*`, linux/nexthop.h). */
export const NHA_RES_BUCKET = {
  PAD: 0,
  INDEX: 1,
  IDLE_TIME: 2,
  NH_ID: 3,
} as const;

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
  { prefix: 'IFA_', table: IFA, headers: ['linux/if_addr.h'] },
  { prefix: 'IFA_F_', table: IFA_F, headers: ['linux/if_addr.h'] },
  { prefix: 'RTA_', table: RTA, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTN_', table: RTN, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTPROT_', table: RTPROT, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RT_SCOPE_', table: RT_SCOPE, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RT_TABLE_', table: RT_TABLE, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTM_F_', table: RTM_F, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTNH_F_', table: RTNH_F, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTAX_', table: RTAX, headers: ['linux/rtnetlink.h'] },
  { prefix: 'RTAX_FEATURE_', table: RTAX_FEATURE, headers: ['linux/rtnetlink.h'] },
  { prefix: 'LWTUNNEL_ENCAP_', table: LWTUNNEL_ENCAP, headers: ['linux/lwtunnel.h'] },
  { prefix: 'LWTUNNEL_IP_', table: LWTUNNEL_IP, headers: ['linux/lwtunnel.h'] },
  { prefix: 'LWTUNNEL_IP6_', table: LWTUNNEL_IP6, headers: ['linux/lwtunnel.h'] },
  { prefix: 'MPLS_IPTUNNEL_', table: MPLS_IPTUNNEL, headers: ['linux/mpls_iptunnel.h'] },
  { prefix: 'MPLS_LS_', table: MPLS_LS, headers: ['linux/mpls.h'] },
  { prefix: 'SEG6_IPTUNNEL_', table: SEG6_IPTUNNEL, headers: ['linux/seg6_iptunnel.h'] },
  { prefix: 'SEG6_IPTUN_MODE_', table: SEG6_IPTUN_MODE, headers: ['linux/seg6_iptunnel.h'] },
  { prefix: 'SR6_', table: SR6, headers: ['linux/seg6.h'] },
  { prefix: 'SEG6_LOCAL_', table: SEG6_LOCAL, headers: ['linux/seg6_local.h'] },
  { prefix: 'SEG6_LOCAL_ACTION_', table: SEG6_LOCAL_ACTION, headers: ['linux/seg6_local.h'] },
  { prefix: 'SEG6_LOCAL_BPF_', table: SEG6_LOCAL_BPF, headers: ['linux/seg6_local.h'] },
  { prefix: 'SEG6_LOCAL_CNT_', table: SEG6_LOCAL_CNT, headers: ['linux/seg6_local.h'] },
  { prefix: 'SEG6_LOCAL_FLV_', table: SEG6_LOCAL_FLV, headers: ['linux/seg6_local.h'] },
  { prefix: 'SEG6_LOCAL_FLV_OP_', table: SEG6_LOCAL_FLV_OP, headers: ['linux/seg6_local.h'] },
  { prefix: 'NHA_', table: NHA, headers: ['linux/nexthop.h'] },
  { prefix: 'NEXTHOP_GRP_TYPE_', table: NEXTHOP_GRP_TYPE, headers: ['linux/nexthop.h'] },
  { prefix: 'NHA_RES_GROUP_', table: NHA_RES_GROUP, headers: ['linux/nexthop.h'] },
  { prefix: 'NHA_RES_BUCKET_', table: NHA_RES_BUCKET, headers: ['linux/nexthop.h'] },
  { prefix: '', table: { IFNAMSIZ, NLA_TYPE_MASK }, headers: ['linux/if.h', 'linux/netlink.h'] },
];
