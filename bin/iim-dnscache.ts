#!/usr/bin/env node
import script from '../scripts/dnscache.js';
import { runScript } from '../framework/run-script.js';

process.exitCode = await runScript(script);
