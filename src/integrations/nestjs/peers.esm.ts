// ES module build (for bundlers): the bundler itself reports a missing peer.
export {};
