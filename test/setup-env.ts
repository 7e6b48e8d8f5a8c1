/**
 * Runs before every test file (jest `setupFiles`): the AWS SDK must never look for instance
 * credentials (there is no AWS here, only LocalKms on loopback), and its notice about Node 20
 * would only add noise.
 */
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
