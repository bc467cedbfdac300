/**
 * Every built-in link kind; importing this module registers them.
 *
 * @module
 */

export * from './veth.js';
