/** Jest global setup: one temporary directory per run, shared by every worker (see tarball.ts). */
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

module.exports = () => {
  process.env.LDM_CONSUMER_RUN_DIR = mkdtempSync(join(tmpdir(), 'ldm-consumer-'));
};
