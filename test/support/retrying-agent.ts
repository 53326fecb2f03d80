import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

type Chain = Record<string | symbol, (...args: unknown[]) => Chain> & PromiseLike<Response>;

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** A 503 the API gives before a command reaches its workflow: nothing was applied, so any request may be sent again. */
const NOTHING_APPLIED = /cannot be checked now|cannot be read from its workflow now/;
const ATTEMPTS = 3;

/**
 * An agent that sends a request again, as a client should, when the API answers 503 because the Temporal server
 * did not answer it in time: a read (GET, HEAD) whatever the reason, any other request only when the 503 came
 * before its command reached the workflow. Used by the *-nocache tiers: with the worker's cache off, a workflow
 * query sometimes waits out Temporal's 10-second deadline (seen in 2 of 3 full CI runs; not seen with the cache
 * on), and the API then answers 503 with Retry-After as designed. Each attempt replays the whole request as the
 * test wrote it, its expectations included.
 */
export function retryingUnavailableAnswers(agent: TestAgent): TestAgent {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !VERBS.has(prop) || typeof value !== 'function') return value;
      return (...args: unknown[]) => recorded(prop, () => (value as (...a: unknown[]) => Chain).apply(target, args));
    },
  });
}

function recorded(verb: string, start: () => Chain): Chain {
  const calls: [string | symbol, unknown[]][] = [];
  const build = () => calls.reduce<Chain>((test, [method, args]) => test[method](...args), start());
  const run = () => send(verb, build);
  const chain: Chain = new Proxy({} as Chain, {
    get(_, prop) {
      if (prop === 'then') return (ok?: (r: Response) => unknown, ko?: (e: unknown) => unknown) => run().then(ok, ko);
      if (prop === 'catch') return (ko?: (e: unknown) => unknown) => run().catch(ko);
      if (prop === 'finally') return (f?: () => void) => run().finally(f);
      return (...args: unknown[]) => {
        calls.push([prop, args]);
        return chain;
      };
    },
  });
  return chain;
}

async function send(verb: string, build: () => Chain): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let answered: Response | undefined;
    const test = build();
    test.on('response', (res: unknown) => {
      answered = res as Response;
      return test;
    });
    const again = () => attempt < ATTEMPTS && answered !== undefined && mayRetry(verb, answered);
    try {
      const res = await test;
      if (!again()) return res;
    } catch (err) {
      if (!again()) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(answered?.headers['retry-after'] ?? 1)));
  }
}

function mayRetry(verb: string, res: Response): boolean {
  if (res.status !== 503) return false;
  if (verb === 'get' || verb === 'head') return true;
  const message = (res.body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && NOTHING_APPLIED.test(message);
}
