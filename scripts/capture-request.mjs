#!/usr/bin/env node
// Records the netlink request iproute2 sends for a command, as a hex fixture.
// The command runs in a throwaway network namespace (never the host's), under strace;
// the kernel may refuse it (a module this kernel lacks): the request bytes are what we want.
//
//   node scripts/capture-request.mjs NAME -- ip link add v0 type veth peer name v1
//   node scripts/capture-request.mjs NAME --setup "link add d0 type veth peer name d1" -- ip link add ...
//
// Writes test/fixtures/iproute2/NAME.hex holding the last message sent (comment lines say the command).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const sep = args.indexOf('--');
if (sep < 1) {
  console.error('usage: capture-request.mjs NAME [--setup "ip args" ...] [--all] -- TOOL ARGS...');
  process.exit(2);
}
const name = args[0];
const opts = args.slice(1, sep);
const [tool, ...toolArgs] = args.slice(sep + 1);
const setups = [];
let all = false;
for (let i = 0; i < opts.length; i++) {
  if (opts[i] === '--setup') setups.push(opts[++i]);
  else if (opts[i] === '--all') all = true;
  else throw new Error(`unknown option ${opts[i]}`);
}
const ns = `nlink-capture-${process.pid}`;
const trace = join(tmpdir(), `${ns}.strace`);
execFileSync('ip', ['netns', 'add', ns]);
try {
  for (const s of setups) execFileSync('ip', ['-n', ns, ...s.split(' ')], { stdio: 'inherit' });
  // `ip -n NS`, `bridge -n NS` and `tc -n NS` enter the namespace themselves.
  const r = spawnSync(
    'strace',
    ['-f', '-e', 'trace=sendmsg,sendto', '-e', 'write=all', '-o', trace, tool, '-n', ns, ...toolArgs],
    {
      encoding: 'utf8',
    },
  );
  process.stderr.write(r.stderr);
  const buffers = [];
  let cur;
  for (const line of readFileSync(trace, 'utf8').split('\n')) {
    if (/ (sendmsg|sendto)\(/.test(line)) {
      cur = [];
      buffers.push(cur);
    } else if (cur && / \| [0-9a-f]{5} {2}/.test(line)) {
      const hex = line.slice(line.indexOf('|') + 9, line.indexOf('|') + 9 + 49);
      cur.push(...hex.trim().split(/\s+/).filter(Boolean));
    }
  }
  const chosen = all ? buffers : buffers.slice(-1);
  const body = chosen.map((b) =>
    b
      .map((_, i) => (i % 16 === 0 ? b.slice(i, i + 16).join(' ') : null))
      .filter(Boolean)
      .join('\n'),
  );
  mkdirSync('test/fixtures/iproute2', { recursive: true });
  const header = [
    `# ${tool} ${toolArgs.join(' ')}`,
    ...setups.map((s) => `# setup: ip ${s}`),
    `# captured from ${execFileSync('ip', ['-V'], { encoding: 'utf8' }).trim()}`,
    `# exit status ${r.status}`,
  ];
  writeFileSync(`test/fixtures/iproute2/${name}.hex`, `${header.join('\n')}\n${body.join('\n')}\n`);
  console.log(
    `test/fixtures/iproute2/${name}.hex (${chosen.reduce((n, b) => n + b.length, 0)} bytes, exit ${r.status})`,
  );
} finally {
  execFileSync('ip', ['netns', 'del', ns]);
  rmSync(trace, { force: true });
}
