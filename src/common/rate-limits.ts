import {
  type DynamicModule,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  Module,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, type ThrottlerLimitDetail, ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';

/** Routes that read whole histories or replay them: each costs far more than a read of the read model. */
export const EXPENSIVE_ROUTES: ReadonlySet<string> = new Set([
  'GET /mandates/:id/export',
  'POST /audit/verify',
  'POST /audit/replay',
]);

const MINUTE_MS = 60_000;

/** `METHOD /path/:param`, as the route was declared. */
export function routeOf(context: ExecutionContext): string {
  const req = context.switchToHttp().getRequest<Request>();
  return `${req.method} ${(req.route as { path?: string } | undefined)?.path ?? req.path}`;
}

/** A refusal says when to come back (Retry-After, in seconds), whichever limit was reached. */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  protected override throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `too many requests from this client: retry in ${retryAfter} s`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** The limits in force: a general ceiling per client, and a lower one on the expensive routes; 0 turns one off. */
export function rateLimits(config: AppConfig): ThrottlerOptions[] {
  const limits: ThrottlerOptions[] = [];
  if (config.RATE_LIMIT_PER_MINUTE > 0) {
    limits.push({ name: 'all-routes', ttl: MINUTE_MS, limit: config.RATE_LIMIT_PER_MINUTE });
  }
  if (config.RATE_LIMIT_EXPENSIVE_PER_MINUTE > 0) {
    limits.push({
      name: 'expensive-routes',
      ttl: MINUTE_MS,
      limit: config.RATE_LIMIT_EXPENSIVE_PER_MINUTE,
      skipIf: (context) => !EXPENSIVE_ROUTES.has(routeOf(context)),
    });
  }
  return limits;
}

/**
 * Rate limits per client address (see TRUST_PROXY behind a proxy), counted in this process: each API replica
 * counts its own. A refused request is a 429 with Retry-After, before any work is done.
 */
@Module({})
export class RateLimitModule {
  static forRoot(config: AppConfig): DynamicModule {
    const throttlers = rateLimits(config);
    if (throttlers.length === 0) return { module: RateLimitModule };
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRoot({
          throttlers,
          setHeaders: false,
          // One count per client and limit, across routes: the default counts each route apart.
          generateKey: (_context, tracker, name) => `${name}:${tracker}`,
        }),
      ],
      providers: [{ provide: APP_GUARD, useClass: RateLimitGuard }],
    };
  }
}
