import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent';

type Chain = Record<string | symbol, (...args: unknown[]) => Chain> & PromiseLike<Response>;

const VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options']);
/** A 503 the API gives before a command reaches its workflow: nothing was applied, so any request may be sent again. */
const NOTHING_APPLIED = /access to mandate \S+ cannot be checked now/;
/** A 503 for a Temporal call that timed out: a query, or an update that may have been applied. */
const TIMED_OUT = /cannot take the request now/;
const ATTEMPTS = 3;

/**
 * An agent that sends a request again, as a client should, when the API answers 503 because the Temporal server
 * did not answer in time: a read whose query timed out, a command whose update timed out when it carries an
 * Idempotency-Key, and any request refused before its command reached the workflow because the check of the
 * caller's access had to ask the workflow; never another 503 (a console not
 * built, a database away, a full pool: what tests assert). Used by the *-nocache tiers: with the worker's cache
 * off, a workflow query sometimes waits out Temporal's 10-second deadline (2 of 3 full CI runs; not seen with the
 * cache on), and the API then answers 503 with Retry-After as designed. Each attempt replays the whole request as
 * the test wrote it, its expectations included.
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
  const run = () =>
    send(
      verb,
      build,
      calls.some(([method, args]) => method === 'set' && setsIdempotencyKey(args[0])),
    );
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

function setsIdempotencyKey(header: unknown): boolean {
  const names = typeof header === 'string' ? [header] : typeof header === 'object' && header ? Object.keys(header) : [];
  return names.some((name) => name.toLowerCase() === 'idempotency-key');
}

async function send(verb: string, build: () => Chain, keyed: boolean): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    let answered: Response | undefined;
    const test = build();
    test.on('response', (res: unknown) => {
      answered = res as Response;
      return test;
    });
    const again = () => attempt < ATTEMPTS && answered !== undefined && mayRetry(verb, keyed, answered);
    try {
      const res = await test;
      if (!again()) return res;
    } catch (err) {
      if (!again()) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(answered?.headers['retry-after'] ?? 1)));
  }
}

/** A timed-out command is sent again only under the same Idempotency-Key, as the API asks: it is then applied once. */
function mayRetry(verb: string, keyed: boolean, res: Response): boolean {
  if (res.status !== 503) return false;
  const message = (res.body as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return false;
  const read = verb === 'get' || verb === 'head';
  return NOTHING_APPLIED.test(message) || ((read || keyed) && TIMED_OUT.test(message));
}
