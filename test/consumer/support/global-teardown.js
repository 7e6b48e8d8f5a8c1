/** Jest global teardown: removes the run directory (tarball and consumer projects). */
const { rmSync } = require('node:fs');

module.exports = () => {
  const dir = process.env.LDM_CONSUMER_RUN_DIR;
  if (dir !== undefined && process.env.LDM_KEEP_CONSUMERS !== '1') rmSync(dir, { recursive: true, force: true });
};
