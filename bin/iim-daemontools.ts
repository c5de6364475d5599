#!/usr/bin/env node
import script from '../scripts/daemontools.js';
import { runScript } from '../framework/run-script.js';

runScript(script).then((status) => {
  process.exitCode = status;
});
