export { Channel, CLOSED, channel, parkCounts, sharedChannelsOnThisThread, Waiting } from "./Channel.js";
export { type ChannelCore, LocalCore, type Offer, type Policy } from "./ChannelCore.js";
export { type RecvWaiter, type SendWaiter, type Settles, type TaskCancellation } from "./Pending.js";
export { ChannelClosedError, WEFT_ERROR } from "./errors.js";
export { type Option, none, some } from "./Option.js";
export {
  type AfterClause,
  type ClauseResult,
  type RecvClause,
  type SelectClause,
  type SelectOptions,
  type SendClause,
  after,
  onRecv,
  onSend,
  select,
} from "./select.js";
export { SharedCore, type SharedChannelData } from "./SharedCore.js";
