// ES module build (for bundlers): a bundler follows the static export (see branch-key-admin.ts for the CommonJS build).
export { createBranchKey, createBranchKeyStoreTable, rotateBranchKey } from './admin';
