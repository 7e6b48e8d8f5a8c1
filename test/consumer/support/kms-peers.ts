/** The packages a `lambda-data-masking/kms` user installs (the README's install line): the library's own list. */
export { KMS_PEERS } from '../../../src/providers/kms/peer-list';
