#!/usr/bin/env node
import { main } from "../dist/main.js";

// Exit explicitly: a finished program must not be kept alive by timers or workers it left.
process.exit(await main(process.argv.slice(2)));
