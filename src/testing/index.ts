/**
 * `nlink/testing`: a scripted {@link FakeSocket}, reply builders, hex
 * fixtures, throwaway-namespace lab helpers and test gates.
 *
 * @module
 */

export { fromHex, toHexDump } from '../core/hex.js';
export { type AttrNode, diffRequests, type RequestTree, requestTree } from './compare.js';
export { FakeSocket, type FakeSocketOptions, type Responder, type SentMessage } from './fake-socket.js';
export * as frames from './frames.js';
export {
  type FeatureOptions,
  inKernelLane,
  KernelLaneError,
  kernelAtLeast,
  parseKernelRelease,
  requireFeature,
  requireRoot,
  type SkippableContext,
  skipUnlessAddon,
  skipUnlessIntegration,
  skipUnlessRoot,
} from './gates.js';
export { type LabNamespace, uniqueNamespaceName, withNamespace } from './lab.js';
export {
  type LinkKindProbeOptions,
  type ProbeLinkAttrs,
  type ProbeLinkData,
  probeGenlFamily,
  probeLinkKind,
  probeQdisc,
} from './probes.js';
