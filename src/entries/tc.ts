/**
 * `nlink/tc`: traffic control messages in their generic form: qdisc, class
 * and filter messages decoded to their `struct tcmsg` header, kind and raw
 * attributes, action messages to their kinds (and the matching events).
 *
 * @module
 */

export * from '../route/tc/message.js';
