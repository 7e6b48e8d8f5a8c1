/**
 * `npm start`: a guided tour of the samples. Prints each sample's input and output.
 * Colour when stdout is a terminal, plain text when piped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { handler as eraseHandler } from './getting-started-erase';

const colour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: number, text: string): string => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);

const event = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, 'events', name), 'utf8')) as unknown;

interface Step {
  readonly title: string;
  readonly input: unknown;
  readonly run: (input: never) => Promise<unknown>;
}

const steps: Step[] = [
  {
    title: 'Erase email, address.street and company_address (seed: getting started)',
    input: event('customer-event.json'),
    run: eraseHandler,
  },
];

const show = (label: string, value: unknown): void => {
  process.stdout.write(`${paint(2, label)}\n${JSON.stringify(value, null, 2)}\n`);
};

const main = async (): Promise<void> => {
  let passed = 0;
  for (const [index, step] of steps.entries()) {
    process.stdout.write(`\n${paint(1, `${index + 1}. ${step.title}`)}\n`);
    show('input', step.input);
    show('output', await step.run(step.input as never));
    passed++;
  }
  process.stdout.write(`\n${paint(32, `${passed} of ${steps.length} samples ran`)}\n`);
};

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
