export { Channel, type Offer, type Policy, channel } from "./Channel.js";
export { ChannelClosedError } from "./errors.js";
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
