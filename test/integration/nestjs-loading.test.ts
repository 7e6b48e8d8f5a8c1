import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/** Loads an entry in a fresh Node process and lists the framework packages it pulled in. */
const frameworksLoadedBy = (entries: readonly string[]): Record<string, string[]> => {
  const script = `
    const loaded = () => [...new Set(Object.keys(require.cache)
      .map((file) => /node_modules\\/(@nestjs\\/[^/]+|@middy\\/[^/]+|rxjs)\\//.exec(file)?.[1])
      .filter(Boolean))].sort();
    const report = {};
    for (const entry of ${JSON.stringify(entries)}) { require(entry); report[entry] = loaded(); }
    process.stdout.write(JSON.stringify(report));`;
  const output = execFileSync(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(output) as Record<string, string[]>;
};

describe('entry points load only what they need', () => {
  it('the core entry loads neither NestJS, Middy nor rxjs; the Middy entry loads no Middy; the NestJS entry loads NestJS', () => {
    const report = frameworksLoadedBy(['./src/index.ts', './src/integrations/middy.ts', './src/integrations/nestjs/index.ts']);

    expect(report['./src/index.ts']).toEqual([]);
    expect(report['./src/integrations/middy.ts']).toEqual([]);
    expect(report['./src/integrations/nestjs/index.ts']).toEqual(expect.arrayContaining(['@nestjs/common', '@nestjs/core', 'rxjs']));
    expect(report['./src/integrations/nestjs/index.ts']).not.toContain('@nestjs/platform-express');
  });
});
