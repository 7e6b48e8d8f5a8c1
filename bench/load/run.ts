/**
 * `npm run bench:load`: a load test of a real NestJS app (bench/load/server.ts, 50 response DTOs
 * per request) over HTTP on 127.0.0.1. A small closed-loop load generator written here (a few
 * keep-alive connections, each sending its next request when the previous answer arrived) so
 * that it can only ever target loopback and stops by itself: each route runs for a fixed time.
 *   npm run bench:load                      every route, 8 connections, 10 s each
 *   npm run bench:load -- encrypt erase     these routes only
 *   LOAD_SECONDS=5 LOAD_CONNECTIONS=16 npm run bench:load
 * The server runs in its own process, so the generator does not share its event loop.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

const ROUTES = ['plain', 'erase', 'encrypt', 'encrypt-unsigned'] as const;
const HOST = '127.0.0.1';
const SECONDS = Number(process.env.LOAD_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.LOAD_CONNECTIONS ?? 8);
const WARMUP_SECONDS = 2;

interface Result {
  readonly route: string;
  readonly requests: number;
  readonly errors: number;
  readonly seconds: number;
  readonly latencies: number[];
}

const startServer = (): Promise<{ child: ChildProcess; port: number }> =>
  new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'server.ts'), [], { execArgv: ['-r', '@swc-node/register'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (message) => resolve({ child, port: (message as { port: number }).port }));
    child.once('exit', (code) => reject(new Error(`the server exited (${code})`)));
  });

const get = (agent: Agent, port: number, path: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path, agent, method: 'GET' }, (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? 0));
      response.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(60_000, () => req.destroy(new Error('timeout')));
    req.end();
  });

/** Each connection sends a request, waits for the answer, sends the next, until the time is up. */
const load = async (port: number, route: string, seconds: number): Promise<Result> => {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        try {
          const status = await get(agent, port, `/${route}`);
          if (status !== 200) errors++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - sent);
      }
    }),
  );
  agent.destroy();
  return { route, requests: latencies.length, errors, seconds: (performance.now() - start) / 1000, latencies };
};

const percentile = (sorted: readonly number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (value: number): string => `${value.toFixed(1)} ms`;

const main = async (): Promise<void> => {
  const chosen = process.argv.slice(2);
  const unknown = chosen.filter((route) => !(ROUTES as readonly string[]).includes(route));
  if (unknown.length > 0) throw new Error(`unknown route(s) ${unknown.join(', ')}; known: ${ROUTES.join(', ')}`);
  const routes = chosen.length > 0 ? chosen : [...ROUTES];
  const { child, port } = await startServer();
  // However the run ends, the server goes with it.
  const guard = setTimeout(
    () => {
      child.kill();
      process.exit(1);
    },
    (routes.length * (SECONDS + WARMUP_SECONDS) + 120) * 1000,
  );
  try {
    console.log(`${CONNECTIONS} connections, ${SECONDS} s per route (after ${WARMUP_SECONDS} s of warm-up), 50 DTOs per response, http://${HOST}:${port}`);
    console.log('| route | requests | errors | requests/s | p50 | p90 | p99 | max | p99 / p50 |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const route of routes) {
      await load(port, route, WARMUP_SECONDS);
      const result = await load(port, route, SECONDS);
      const sorted = [...result.latencies].sort((a, b) => a - b);
      const p50 = percentile(sorted, 50);
      const p99 = percentile(sorted, 99);
      console.log(
        `| /${route} | ${result.requests} | ${result.errors} | ${(result.requests / result.seconds).toFixed(1)} | ${ms(p50)} | ${ms(percentile(sorted, 90))} | ${ms(p99)} | ${ms(sorted[sorted.length - 1]!)} | ${(p99 / p50).toFixed(2)} |`,
      );
    }
  } finally {
    clearTimeout(guard);
    child.kill();
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
