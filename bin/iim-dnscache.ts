#!/usr/bin/env node
import script from '../scripts/dnscache.js';
import { runScript } from '../framework/run-script.js';

runScript(script).then((status) => {
  process.exitCode = status;
});
