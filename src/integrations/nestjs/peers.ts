import { assertInstalled } from '../../optional/require-optional';

// Checked before the entry loads them, so a missing one is named with the npm install line.
assertInstalled("'lambda-data-masking/nestjs'", ['@nestjs/common', '@nestjs/core', 'rxjs']);
