import type { Response } from 'supertest';

/**
 * As a client should: a 503 (a loaded machine, a Temporal server slow to answer, a worker replaying a history) is
 * sent again after its Retry-After, up to `attempts` times in all; `send` builds the request anew each time.
 */
export async function retryingUnavailable(send: () => PromiseLike<Response>, attempts = 3): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const res = await send();
    if (res.status !== 503 || attempt === attempts) return res;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(res.headers['retry-after'] ?? 1)));
  }
}
