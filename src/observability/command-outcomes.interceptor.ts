import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { type Observable, tap } from 'rxjs';
import { MandateRuleViolation } from '../../workflows/mandate/lifecycle';
import { type CommandOutcome, mandateCommands } from './metrics';

/** The outcome of a command from the status the API answered it with (the exception filter decides that). */
export function commandOutcome(status: number): CommandOutcome {
  if (status < 400) return 'accepted';
  if (status === 400) return 'invalid';
  if (status === 404) return 'not_found';
  if (status === 409) return 'refused';
  if (status < 500) return 'rejected';
  return status === 503 ? 'unavailable' : 'failed';
}

/**
 * Counts a command route's outcomes (`mandate_commands_total`), by the handler's name (`assign`,
 * `recordFollowUp`, …) and, for a refusal, the lifecycle rule. Counted once the answer is sent, with the status
 * the exception filter chose, so that this never maps an error a second time.
 */
@Injectable()
export class CommandOutcomes implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const command = context.getHandler().name;
    const res = context.switchToHttp().getResponse<Response>();
    let rule = '';
    res.once('finish', () => {
      const outcome = commandOutcome(res.statusCode);
      mandateCommands.inc({ command, outcome, rule: outcome === 'refused' ? rule : '' });
    });
    return next.handle().pipe(
      tap({
        error: (err: unknown) => {
          if (err instanceof MandateRuleViolation) rule = err.rule;
        },
      }),
    );
  }
}
