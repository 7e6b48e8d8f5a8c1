import { assertInstalled } from '../../optional/require-optional';
import { KMS_PEERS } from './peer-list';

// Checked before the entry loads any of them, so a missing one is named with the npm install line.
assertInstalled("'lambda-data-masking/kms'", KMS_PEERS);
