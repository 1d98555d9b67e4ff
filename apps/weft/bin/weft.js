#!/usr/bin/env node
import { main, exitWhenFlushed } from "../dist/main.js";

// Exit explicitly: a finished program must not be kept alive by timers or workers it left.
await exitWhenFlushed(await main(process.argv.slice(2)));
