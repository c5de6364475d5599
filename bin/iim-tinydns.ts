#!/usr/bin/env node
import script from '../scripts/tinydns.js';
import { runScript } from '../framework/run-script.js';

process.exitCode = await runScript(script);
